#!/usr/bin/env bash
# Soak: mixed traffic (S1-S4, and a few streamed pages) with a few hundred connections for a few
# minutes, restarting PostgreSQL once in the middle. Reports every status per second, the outage
# window, statuses outside it that are not 200 (there must be none), the time to recover, the
# server's sessions left in a transaction afterwards (there must be none), and the server's resident
# memory over the run. Bounded in time; loopback only; exits 1 on an unexpected status or a leak.
#
#   bench/soak.sh [--seconds 180] [--connections 300] [--restart-at 60] [--keep-db]
#                 [--pooler none|session|transaction]   (the server through PgBouncer; see run.sh)
# shellcheck source=lib/kit.sh
source "$(dirname "$0")/lib/kit.sh"

SOAK_SECS=180 CONNS=300 RESTART_AT=60 KEEP_DB=0
GRACE_SECS=5              # after PostgreSQL is back, 503s are still part of the outage for this long
WARMUP_SECS="${WARMUP_SECS:-20}"
while (($#)); do
  case "$1" in
    --seconds) SOAK_SECS="${2:?}"; shift ;;
    --connections) CONNS="${2:?}"; shift ;;
    --restart-at) RESTART_AT="${2:?}"; shift ;;
    --keep-db) KEEP_DB=1 ;;
    --pooler) POOLER="${2:?}"; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
((RESTART_AT < SOAK_SECS)) || die "--restart-at must come before the end of --seconds"
check_pooler_mode "$POOLER"

RUN_ID="soak-$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH_DIR/.run/$RUN_ID"
WRK_PID="" SAMPLER_PID="" PG_STARTED_HERE=0

cleanup() {
  local rc=$?
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  server_stop
  pooler_stop
  if ((PG_STARTED_HERE && !KEEP_DB)); then pg_stop; fi
  exit "$rc"
}

# One "epoch_second rss_kb" line every 2 s, for as long as the soak lasts (and no longer).
sample_rss() {
  local end=$((SECONDS + SOAK_SECS + 10))
  while ((SECONDS < end)); do
    echo "$(date +%s) $(server_rss_kb)" >>"$RUN_DIR/rss.txt"
    sleep 2
  done
}

restart_postgres() {
  log "restarting postgres (pg_ctl restart -m fast)"
  DOWN_AT=$(date +%s)
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -m fast -w -t 60 restart >/dev/null
  UP_AT=$(date +%s)
  log "postgres back after $((UP_AT - DOWN_AT)) s"
}

report() {
  local out="$RUN_DIR/wrk-soak.txt" from=$((DOWN_AT - 1)) to=$((UP_AT + GRACE_SECS))
  echo
  echo "== soak $RUN_ID: ${SOAK_SECS} s, ${CONNS} connections, PostgreSQL restarted at +${RESTART_AT} s, pooler $POOLER"
  grep '^SOAK summary' "$out" | sed 's/^SOAK summary /wrk: /'
  echo "statuses, whole run:           $(awk '$2 == "second" { n[$4] += $5 } END { for (s in n) printf "%s:%d ", s, n[s] }' "$out")"
  echo "outage window (epoch s):       $from .. $to (postgres down at $DOWN_AT, back at $UP_AT, + ${GRACE_SECS} s grace)"
  echo "statuses inside the window:    $(awk -v f="$from" -v t="$to" '$2 == "second" && $3 >= f && $3 <= t { n[$4] += $5 } END { for (s in n) printf "%s:%d ", s, n[s] }' "$out")"
  UNEXPECTED=$(awk -v f="$from" -v t="$to" '$2 == "second" && $4 != 200 && ($3 < f || $3 > t) { n += $5 } END { print n + 0 }' "$out")
  echo "non-200 outside the window:    $UNEXPECTED"
  echo "first all-200 second after:    +$(awk -v u="$UP_AT" '$2 == "second" && $3 >= u { if ($4 != 200) bad[$3] = 1; seen[$3] = 1 } END { best = -1; for (s in seen) if (!(s in bad) && (best < 0 || s < best)) best = s; print (best < 0 ? "never" : best - u) }' "$out") s after postgres was back"
  awk -v w="$WARMED_AT" '$1 >= w { mb = $2 / 1024; if (min == "" || mb < min) min = mb; if (mb > max) max = mb; last = mb; n++ }
    END { printf "server RSS after warm-up (MB): min %.0f, max %.0f, last %.0f (%d samples, every 2 s)\n", min, max, last, n }' \
    "$RUN_DIR/rss.txt"
  echo "sessions left in a transaction: $LEFT_OPEN (3 s after the load stopped)"
  echo "per-second detail: $out; RSS samples: $RUN_DIR/rss.txt; server log: $RUN_DIR/server.log"
}

main() {
  ensure_tools
  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  prepare_bench 0
  server_migrate_flag_for_pooler
  pooler_start                  # PgBouncer stays up while PostgreSQL restarts behind it
  server_start "$SERVER_MIGRATE"

  log "warm-up: ${WARMUP_SECS} s"
  run_wrk WARMUP 64 "$WARMUP_SECS" "$RUN_DIR/wrk-warmup.txt"
  wait_wrk || die "wrk failed during the warm-up"
  WARMED_AT=$(date +%s)

  sample_rss &
  SAMPLER_PID=$!
  log "soak: ${SOAK_SECS} s at ${CONNS} connections; postgres restarts at +${RESTART_AT} s"
  timeout -k 5 $((SOAK_SECS + 30)) wrk -t2 -c"$CONNS" -d"${SOAK_SECS}s" --timeout 10s \
    -s "$BENCH_DIR/lua/soak.lua" "http://127.0.0.1:$BENCH_HTTP_PORT" -- "$TOKEN" >"$RUN_DIR/wrk-soak.txt" 2>&1 &
  WRK_PID=$!
  sleep "$RESTART_AT"
  restart_postgres
  wait "$WRK_PID" || die "wrk failed: $(tail -5 "$RUN_DIR/wrk-soak.txt")"
  WRK_PID=""
  kill "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""

  sleep 3
  # Through a pooler the backends are PgBouncer's, and their application_name is whatever PgBouncer
  # last set: there, every client backend of the bench database but this check's own counts
  local whose="application_name = 'sync-runs-server'"
  [[ "$POOLER" == none ]] \
    || whose="datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
  LEFT_OPEN=$(bench_sql "SELECT count(*) FROM pg_stat_activity WHERE $whose AND state LIKE 'idle in transaction%'")
  pooler_check
  report
  ((UNEXPECTED == 0)) || die "$UNEXPECTED responses outside the outage window were not 200"
  ((LEFT_OPEN == 0)) || die "$LEFT_OPEN of the server's sessions were left in a transaction"
}

main
