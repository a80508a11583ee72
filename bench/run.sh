#!/usr/bin/env bash
# Load test of the three endpoints (the runs of a sync, one run, a run's records): see bench/README.md.
#
#   bench/run.sh [--quick] [--scenarios S1,S4] [--connections 64,256] [--regenerate] [--keep-db]
#                [--no-ceiling] [--pooler none|session|transaction]
#
#   --quick        short warm-up and runs, to check the kit itself (results are not comparable)
#   --scenarios    a subset of S1..S9 (default: all; S7 always runs at 256 connections)
#   --connections  connection counts for the others (default 64,256)
#   --regenerate   drop the bench schema and load the data again
#   --keep-db      leave the bench PostgreSQL running at exit (default: stop what this run started)
#   --no-ceiling   skip the pgbench ceilings
#   --pooler       the server reaches PostgreSQL through PgBouncer in this pool mode (default none:
#                  directly); data loading and the ceilings stay direct; rows say it (column pooler)
# shellcheck source=lib/kit.sh
source "$(dirname "$0")/lib/kit.sh"
# shellcheck source=lib/ceiling.sh
source "$BENCH_DIR/lib/ceiling.sh"
# shellcheck source=lib/report.sh
source "$BENCH_DIR/lib/report.sh"

SCENARIOS="S1,S2,S3,S4,S5,S6,S7,S8,S9"
CONNECTIONS="64,256"
QUICK=0 REGENERATE=0 KEEP_DB=0 CEILING=1
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --scenarios) SCENARIOS="${2:?}"; shift ;;
    --connections) CONNECTIONS="${2:?}"; shift ;;
    --regenerate) REGENERATE=1 ;;
    --keep-db) KEEP_DB=1 ;;
    --no-ceiling) CEILING=0 ;;
    --pooler) POOLER="${2:?}"; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
for s in ${SCENARIOS//,/ }; do [[ "$s" =~ ^S[1-9]$ ]] || die "unknown scenario: $s"; done
for c in ${CONNECTIONS//,/ }; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "bad connection count: $c"; done
check_pooler_mode "$POOLER"

if ((QUICK)); then
  MODE=quick WARMUP_SECS="${WARMUP_SECS:-8}" RUN_SECS="${RUN_SECS:-4}" CEILING_SECS="${CEILING_SECS:-5}" QUIET_MAX=10
else
  MODE=full WARMUP_SECS="${WARMUP_SECS:-30}" RUN_SECS="${RUN_SECS:-15}" CEILING_SECS="${CEILING_SECS:-15}" QUIET_MAX=30
fi
RUN_ID="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH_DIR/.run/$RUN_ID"     # wrk and pgbench output of this run, the jar copy
WRK_PID=""

cleanup() {
  local rc=$?
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null
  server_stop
  pooler_stop
  if ((PG_STARTED_HERE && !KEEP_DB)); then pg_stop; fi
  rm -f "$RUN_DIR/server.jar" "$RUN_DIR/server.jsa"
  exit "$rc"
}

# The jar under test is copied, so a rebuild during the run cannot change or break it.
snapshot_jar() {
  mkdir -p "$RUN_DIR"
  cp "$SERVER_JAR" "$RUN_DIR/server.jar"
  # shellcheck disable=SC2034  # read by add_row (lib/report.sh)
  JAR_SHA=$(sha256sum "$RUN_DIR/server.jar" | cut -c1-12)
  SERVER_JAR="$RUN_DIR/server.jar"
  # a class-data archive names its jar's path (JDK 17): the copy gets one of its own, as the image does
  [[ -z "$JVM_OPTS_GIVEN" ]] && make_class_archive "$SERVER_JAR"
  return 0
}

# One request per scenario kind, shown before the load: a broken set-up shows here, not as
# thousands of unexpected statuses.
smoke_test() {
  local path code run record_run
  run=$(head -1 "$TARGETS_DIR/runs.txt") record_run=$(head -1 "$TARGETS_DIR/record_runs.txt")
  for path in "1/sync_runs?page=1&per_page=10" "1001/sync_runs?page=2&per_page=2" "2000001/sync_runs" \
              "${run% *}/sync_runs/${run#* }" "${record_run% *}/sync_runs/${record_run#* }/sync_records?per_page=2"; do
    local sync="${path%%/*}"
    code=$(curl -s -o "$RUN_DIR/smoke.json" -w '%{http_code}' --max-time 10 \
      -H "Authorization: Bearer $TOKEN" -H "Workspace-Id: $((sync % 10 + 1))" \
      "http://127.0.0.1:$BENCH_HTTP_PORT/api/v1/syncs/$path" || true)
    log "smoke: GET /api/v1/syncs/$path -> $code $(head -c 160 "$RUN_DIR/smoke.json" 2>/dev/null | tr '\n' ' ')"
  done
}

# measure SCENARIO CONNECTIONS: one wrk run, its row, and the CPU split for S1 at 64.
measure() {
  local scenario="$1" conns="$2" out="$RUN_DIR/wrk-$1-$2.txt" cpu="-" cpu_pgb="-" split snap1 snap2
  server_hwm_reset
  log "$scenario @ $conns connections, ${RUN_SECS} s"
  run_wrk "$scenario" "$conns" "$RUN_SECS" "$out"
  if [[ "$scenario" == S1 && "$conns" == 64 ]]; then
    sleep 1; snap1=$(cpu_snapshot)
    sleep $((RUN_SECS > 3 ? RUN_SECS - 2 : 1)); snap2=$(cpu_snapshot)
    split=$(cpu_split "$snap1" "$snap2")
    cpu=$(cut -f1-3,5- <<<"$split" | tr '\t' '/')          # wrk/java/pg/other/idle, as before
    [[ "$POOLER" == none ]] || cpu_pgb=$(cut -f4 <<<"$split")
    CPU_LINE="CPU during S1@64 (% of the whole machine, 2 cores = 100 %): $(cpu_split_text "$split")"
  fi
  wait_wrk || { cat "$out" >&2; die "wrk failed ($scenario @ $conns)"; }
  record "$scenario" "$conns" "$out" "$cpu" "$cpu_pgb"
  wait_quiet "$QUIET_MAX"
}

# record SCENARIO CONNECTIONS OUTFILE CPU CPU_PGBOUNCER: the row, and a warning for each unexpected status.
record() {
  local out="$3" unexpected sock hwm
  grep -q '^BENCH summary' "$out" || { cat "$out" >&2; die "no BENCH summary from wrk ($1 @ $2)"; }
  unexpected=$(wrk_unexpected "$out")
  sock="$(wrk_field "$out" connect)/$(wrk_field "$out" read)/$(wrk_field "$out" write)/$(wrk_field "$out" timeout)"
  hwm=$(( $(server_hwm_kb) / 1024 ))
  add_row "$1" "$2" "$RUN_SECS" "$(wrk_field "$out" requests)" "$(wrk_field "$out" rps)" \
    "$(us_to_ms "$(wrk_field "$out" p50_us)")" "$(us_to_ms "$(wrk_field "$out" p99_us)")" \
    "$(us_to_ms "$(wrk_field "$out" max_us)")" "$(wrk_field "$out" expected)" "$(wrk_expected_count "$out")" \
    "$(wrk_field "$out" shed)" "${unexpected:--}" "$sock" "$hwm" "-" "$4" "$(pooler_label)" "$5"
  if [[ -n "$unexpected" ]]; then
    warn "$1 @ $2: unexpected statuses $unexpected; first body of each:"
    wrk_samples "$out" >&2
  fi
  [[ "$sock" == 0/0/0/0 ]] || warn "$1 @ $2: socket errors connect/read/write/timeout = $sock"
}

us_to_ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

main() {
  ensure_tools
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  log "run $RUN_ID ($MODE): scenarios $SCENARIOS, connections $CONNECTIONS, pooler $POOLER"
  pg_start
  build_jar
  snapshot_jar
  prepare_data "$REGENERATE"
  TOKEN=$(mint_jwt "$BENCH_JWT_SECRET")
  server_migrate_flag_for_pooler  # migrations, like the data step, go to PostgreSQL directly
  pooler_start
  server_start "$SERVER_MIGRATE"
  smoke_test

  log "warm-up: ${WARMUP_SECS} s of mixed requests (mostly S1), 64 connections"
  run_wrk WARMUP 64 "$WARMUP_SECS" "$RUN_DIR/wrk-warmup.txt"
  wait_wrk || { cat "$RUN_DIR/wrk-warmup.txt" >&2; die "wrk failed during the warm-up"; }
  log "warm-up: $(wrk_field "$RUN_DIR/wrk-warmup.txt" rps) requests/s, statuses $(wrk_statuses "$RUN_DIR/wrk-warmup.txt"), shed (503 + Retry-After) $(wrk_field "$RUN_DIR/wrk-warmup.txt" shed)"
  wait_quiet "$QUIET_MAX"

  CPU_LINE=""
  local scenario conns
  for scenario in ${SCENARIOS//,/ }; do
    if [[ "$scenario" == S7 ]]; then measure S7 256; continue; fi
    for conns in ${CONNECTIONS//,/ }; do measure "$scenario" "$conns"; done
  done
  pooler_check                  # while the server is still connected through it
  server_stop
  pooler_stop                   # the ceilings measure the database alone

  if ((CEILING)); then
    run_ceiling ceiling ceiling_s1.pgbench "$CEILING_CLIENTS" "$CEILING_SECS"
    S1_CEILING_TPS="$CEILING_TPS"
    add_row "CEILING" "$CEILING_CLIENTS" "$CEILING_SECS" "-" "$CEILING_TPS" "$CEILING_P50_MS" \
      "$CEILING_P99_MS" "$CEILING_MAX_MS" "-" "-" "-" "-" "-" "-" "1.00" "-" "none" "-"
    run_ceiling page100 ceiling_s3_page.pgbench "$PAGE100_CLIENTS" "$CEILING_SECS"
    PAGE100_TPS="$CEILING_TPS"
    add_row "PAGE100" "$PAGE100_CLIENTS" "$CEILING_SECS" "-" "$CEILING_TPS" "$CEILING_P50_MS" \
      "$CEILING_P99_MS" "$CEILING_MAX_MS" "-" "-" "-" "-" "-" "-" "1.00" "-" "none" "-"
  fi

  finish_results
  print_results
  [[ -z "$CPU_LINE" ]] || echo "$CPU_LINE"
  ((HWM_CUMULATIVE == 0)) || echo "note: VmHWM could not be reset: hwm_mb is the peak since the server started"
  echo "wrk and pgbench output: $RUN_DIR"
}

main
