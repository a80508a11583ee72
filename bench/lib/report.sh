# shellcheck shell=bash
# Results: one TSV row per wrk run (plus the ceiling), printed as a table and appended to
# bench/results/<run id>.tsv and bench/results/all.tsv (the history).

TSV_HEADER=$'run_id\tmode\tjar\tscenario\tconns\tsecs\trequests\trps\tp50_ms\tp99_ms\tmax_ms\texpected\tn_expected\tshed_503\tunexpected\tsock_err_c/r/w/t\thwm_mb\tvs_ceiling\tcpu_wrk/java/pg/other/idle_%'
RESULT_ROWS=()

# add_row FIELD...: "-" stands for an empty cell (column(1) would merge empty ones).
add_row() {
  local IFS=$'\t'
  RESULT_ROWS+=("$RUN_ID	$MODE	$JAR_SHA	$*")
}

# Fill vs_ceiling on the S1 rows (S1 requests/s divided by the pgbench tps) and write the files.
finish_results() {
  local tps="${CEILING_TPS:-}" file="$RESULTS_DIR/$RUN_ID.tsv"
  {
    printf '%s\n' "$TSV_HEADER"
    printf '%s\n' "${RESULT_ROWS[@]}" | awk -F'\t' -v OFS='\t' -v tps="$tps" '
      $4 == "S1" && tps + 0 > 0 { $18 = sprintf("%.2f", $8 / tps) } { print }'
  } >"$file"
  [[ -f "$RESULTS_DIR/all.tsv" ]] || printf '%s\n' "$TSV_HEADER" >"$RESULTS_DIR/all.tsv"
  tail -n +2 "$file" >>"$RESULTS_DIR/all.tsv"
  RESULT_FILE="$file"
}

print_results() {
  echo
  echo "== results: $RESULT_FILE (latencies in ms, memory = server peak RSS during the run, MB)"
  cut -f4- "$RESULT_FILE" | column -t -s $'\t'
}
