# shellcheck shell=bash
# Results: one TSV row per wrk run (plus the ceiling), printed as a table and appended to
# bench/results/<run id>.tsv and bench/results/all.tsv (the history).

# Columns are only ever appended (readers find them by position): pooler and cpu_pgbouncer_% came
# last, with --pooler.
TSV_HEADER_V1=$'run_id\tmode\tjar\tscenario\tconns\tsecs\trequests\trps\tp50_ms\tp99_ms\tmax_ms\texpected\tn_expected\tshed_503\tunexpected\tsock_err_c/r/w/t\thwm_mb\tvs_ceiling\tcpu_wrk/java/pg/other/idle_%'
TSV_HEADER="$TSV_HEADER_V1"$'\tpooler\tcpu_pgbouncer_%'
RESULT_ROWS=()

# add_row FIELD...: "-" stands for an empty cell (column(1) would merge empty ones).
add_row() {
  local IFS=$'\t'
  RESULT_ROWS+=("$RUN_ID	$MODE	$JAR_SHA	$*")
}

# Fill vs_ceiling (S1 rows: requests/s divided by the CEILING tps; S3 rows: by the PAGE100 tps) and
# write the files.
finish_results() {
  local file="$RESULTS_DIR/$RUN_ID.tsv"
  {
    printf '%s\n' "$TSV_HEADER"
    printf '%s\n' "${RESULT_ROWS[@]}" | awk -F'\t' -v OFS='\t' -v s1="${S1_CEILING_TPS:-}" -v s3="${PAGE100_TPS:-}" '
      $4 == "S1" && s1 + 0 > 0 { $18 = sprintf("%.2f", $8 / s1) }
      $4 == "S3" && s3 + 0 > 0 { $18 = sprintf("%.2f", $8 / s3) } { print }'
  } >"$file"
  upgrade_history
  [[ -f "$RESULTS_DIR/all.tsv" ]] || printf '%s\n' "$TSV_HEADER" >"$RESULTS_DIR/all.tsv"
  tail -n +2 "$file" >>"$RESULTS_DIR/all.tsv"
  RESULT_FILE="$file"
}

# A history written before the pooler columns gets them, once: its rows all ran direct (pooler none,
# no pgbouncer CPU). A history with any other header is kept aside, and a new one started.
upgrade_history() {
  local all="$RESULTS_DIR/all.tsv" first
  [[ -f "$all" ]] || return 0
  first=$(head -1 "$all")
  [[ "$first" == "$TSV_HEADER" ]] && return 0
  if [[ "$first" == "$TSV_HEADER_V1" ]]; then
    log "results/all.tsv: adding the columns pooler (none) and cpu_pgbouncer_% (-) to its earlier rows"
    { printf '%s\n' "$TSV_HEADER"; tail -n +2 "$all" | awk 'NF { print $0 "\tnone\t-" }'; } >"$all.tmp"
    mv "$all.tmp" "$all"
  else
    warn "results/all.tsv has columns this kit does not know: kept as $all.$RUN_ID.old, a new history starts"
    mv "$all" "$all.$RUN_ID.old"
  fi
}

print_results() {
  echo
  echo "== results: $RESULT_FILE (latencies in ms, memory = server peak RSS during the run, MB)"
  if [[ "$POOLER" != none ]]; then
    echo "   the server went through PgBouncer ($POOLER pooling, 127.0.0.1:$PGBOUNCER_PORT," \
      "default_pool_size $PGBOUNCER_POOL_SIZE); CEILING and PAGE100 ran directly (pooler none)"
  elif [[ "$(pooler_label)" != none ]]; then
    echo "   the server ran directly with the caller's DB_POOLER=$DB_POOLER (pooler $(pooler_label))"
  fi
  cut -f4- "$RESULT_FILE" | column -t -s $'\t'
}
