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
  [[ -f "$RESULTS_DIR/all.tsv" ]] || printf '%s\n' "$TSV_HEADER" >"$RESULTS_DIR/all.tsv"
  tail -n +2 "$file" >>"$RESULTS_DIR/all.tsv"
  RESULT_FILE="$file"
}

print_results() {
  echo
  echo "== results: $RESULT_FILE (latencies in ms, memory = server peak RSS during the run, MB)"
  cut -f4- "$RESULT_FILE" | column -t -s $'\t'
}
