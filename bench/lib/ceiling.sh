# shellcheck shell=bash
# The database ceilings, pgbench with prepared statements and nothing in front of the database:
# - CEILING: the plain SQL of one S1 request (sql/ceiling_s1.pgbench), 64 clients. A transaction is
#   one S1 request's worth of SQL, so tps is the most S1 requests per second this database answers
#   on this machine for a naive implementation.
# - PAGE100: the 100-run page of an S3 request alone (sql/ceiling_s3_page.pgbench), 8 clients: the
#   most such pages per second PostgreSQL itself reads here, a limit S3 cannot pass.

CEILING_CLIENTS="${CEILING_CLIENTS:-64}"
PAGE100_CLIENTS="${PAGE100_CLIENTS:-8}"

# run_ceiling NAME SCRIPT CLIENTS SECONDS: sets CEILING_TPS, CEILING_P50_MS, CEILING_P99_MS, CEILING_MAX_MS.
run_ceiling() {
  local name="$1" script="$2" clients="$3" secs="$4" out="$RUN_DIR/pgbench-$1.out" prefix="$RUN_DIR/pgbench_log"
  rm -f "$prefix".*
  log "$name: pgbench -M prepared -c $clients -j 2 -T $secs (sql/$script)"
  PGPASSWORD="$PG_PASSWORD" timeout -k 5 $((secs + 60)) "$PG_BIN/pgbench" -n -M prepared \
    -c "$clients" -j 2 -T "$secs" -l --log-prefix="$prefix" \
    -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -f "$BENCH_DIR/sql/$script" "$PG_DB" \
    >"$out" 2>&1 || { cat "$out" >&2; die "pgbench failed"; }
  CEILING_TPS=$(awk '/^tps = .*without initial connection time/ { printf "%.1f", $3 }' "$out")
  # per-transaction log: client_id transaction_no latency_us script_no epoch epoch_us
  read -r CEILING_P50_MS CEILING_P99_MS CEILING_MAX_MS < <(cat "$prefix".* | awk '{ print $3 }' | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 0 0"; exit }
             printf "%.2f %.2f %.2f\n", v[int((NR - 1) * 0.50) + 1] / 1000, v[int((NR - 1) * 0.99) + 1] / 1000, v[NR] / 1000 }')
  rm -f "$prefix".*
  log "$name: $CEILING_TPS tps (p50 $CEILING_P50_MS ms, p99 $CEILING_P99_MS ms)"
}
