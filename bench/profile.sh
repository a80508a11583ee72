#!/usr/bin/env bash
# Where the CPU goes in one scenario: the server under wrk, sampled by `perf` (JIT frames named
# through the JVM's perf map), with the machine's CPU split between wrk, the server and PostgreSQL.
# Prints the hottest symbols of the server process (kernel ones marked [k]) and keeps perf.data.
# With --pooler, the server goes through PgBouncer: its CPU share is in the split, and perf samples
# it too (its hottest symbols follow the server's). Bounded in time; loopback only.
#
#   bench/profile.sh [--scenario S3] [--connections 64] [--seconds 15] [--keep-db]
#                    [--pooler none|session|transaction]
# shellcheck source=lib/kit.sh
source "$(dirname "$0")/lib/kit.sh"

SCENARIO=S3 CONNS=64 PROFILE_SECS=15 KEEP_DB=0
WARMUP_SECS="${WARMUP_SECS:-30}"
while (($#)); do
  case "$1" in
    --scenario) SCENARIO="${2:?}"; shift ;;
    --connections) CONNS="${2:?}"; shift ;;
    --seconds) PROFILE_SECS="${2:?}"; shift ;;
    --keep-db) KEEP_DB=1 ;;
    --pooler) POOLER="${2:?}"; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

check_pooler_mode "$POOLER"

RUN_ID="profile-$SCENARIO$([[ "$POOLER" == none ]] || echo "-$POOLER")-$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH_DIR/.run/$RUN_ID"
WRK_PID="" PG_STARTED_HERE=0

cleanup() {
  local rc=$?
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null
  server_stop
  pooler_stop
  if ((PG_STARTED_HERE && !KEEP_DB)); then pg_stop; fi
  exit "$rc"
}

main() {
  ensure_tools
  apt_install perf linux-perf
  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  prepare_bench 0
  server_migrate_flag_for_pooler
  pooler_start
  # the perf map names the JIT-compiled frames; it is written when the server exits
  JVM_OPTS="$JVM_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer"
  server_start "$SERVER_MIGRATE"
  local pid="$SERVER_PID" pooler_pid="$POOLER_PID" snap1 snap2 rps

  log "warm-up: ${WARMUP_SECS} s of $SCENARIO at $CONNS connections"
  run_wrk "$SCENARIO" "$CONNS" "$WARMUP_SECS" "$RUN_DIR/wrk-warmup.txt"
  wait_wrk || die "wrk failed during the warm-up"

  log "profiling: ${PROFILE_SECS} s of $SCENARIO at $CONNS connections"
  run_wrk "$SCENARIO" "$CONNS" $((PROFILE_SECS + 5)) "$RUN_DIR/wrk.txt"    # outlasts the sampling
  sleep 1
  snap1=$(cpu_snapshot)
  perf record -F 499 -g -p "$pid${pooler_pid:+,$pooler_pid}" -o "$RUN_DIR/perf.data" -- sleep "$PROFILE_SECS" \
    2>"$RUN_DIR/perf-record.log"
  snap2=$(cpu_snapshot)
  wait_wrk || die "wrk failed: $(tail -5 "$RUN_DIR/wrk.txt")"
  rps=$(awk '/Requests\/sec/ { print $2 }' "$RUN_DIR/wrk.txt")
  pooler_check
  server_stop                                       # writes /tmp/perf-<pid>.map

  echo
  echo "== $RUN_ID: $SCENARIO at $CONNS connections, $rps requests/s, pooler $POOLER"
  echo "CPU (% of the whole machine, 2 cores = 100 %; perf itself counts as other):"
  echo "  $(cpu_split_text "$(cpu_split "$snap1" "$snap2")")"
  echo "hottest symbols of the server process (self time; [k] = kernel):"
  perf report -i "$RUN_DIR/perf.data" --pid "$pid" --percentage relative --no-children --sort sym -g none >"$RUN_DIR/perf-report.txt" 2>/dev/null
  awk '!/^#/ && NF { print substr($0, 1, 160); if (++shown == 40) exit }' "$RUN_DIR/perf-report.txt"
  if [[ -n "$pooler_pid" ]]; then
    echo "hottest symbols of pgbouncer (self time, % of its own samples; [k] = kernel):"
    perf report -i "$RUN_DIR/perf.data" --pid "$pooler_pid" --percentage relative --no-children --sort sym -g none \
      >"$RUN_DIR/perf-report-pgbouncer.txt" 2>/dev/null
    awk '!/^#/ && NF { print substr($0, 1, 160); if (++shown == 15) exit }' "$RUN_DIR/perf-report-pgbouncer.txt"
  fi
  pooler_stop
  echo "perf data: $RUN_DIR/perf.data; the whole report: $RUN_DIR/perf-report.txt${pooler_pid:+ (pgbouncer: $RUN_DIR/perf-report-pgbouncer.txt)}"
}

main
