# shellcheck shell=bash
# Driving the server with wrk (bench/lua/sync_runs.lua) and reading what it reports.

WRK_THREADS="${WRK_THREADS:-2}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"

# run_wrk SCENARIO CONNECTIONS SECONDS OUTFILE: one bounded wrk run, in the background.
# Sets WRK_PID. `timeout` is a second bound in case wrk itself hangs.
run_wrk() {
  local scenario="$1" conns="$2" secs="$3" out="$4" threads="$WRK_THREADS"
  ((conns < threads)) && threads="$conns"
  timeout -k 5 $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout "$WRK_TIMEOUT" \
    -s "$BENCH_DIR/lua/sync_runs.lua" "http://127.0.0.1:$BENCH_HTTP_PORT" -- "$scenario" "$TOKEN" "$TARGETS_DIR" \
    >"$out" 2>&1 &
  WRK_PID=$!
}

wait_wrk() {
  local rc=0
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  return "$rc"
}

# wrk_field OUTFILE NAME: a key=value of the "BENCH summary" line.
wrk_field() {
  awk -v k="$2" '$1 == "BENCH" && $2 == "summary" {
      for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$1"
}

# "200:12345 404:3", sorted by status.
wrk_statuses() {
  awk '$1 == "BENCH" && $2 == "status" { print $3 ":" $4 }' "$1" | sort -n | paste -sd' ' -
}

# The statuses other than the expected one (503 with Retry-After is counted apart, as shedding).
wrk_unexpected() {
  local expected
  expected=$(wrk_field "$1" expected)
  awk -v e="$expected" '$1 == "BENCH" && $2 == "status" && $3 != e { print $3 ":" $4 }' "$1" \
    | sort -n | paste -sd' ' -
}

wrk_expected_count() {
  local expected
  expected=$(wrk_field "$1" expected)
  awk -v e="$expected" '$1 == "BENCH" && $2 == "status" && $3 == e { n = $4 } END { print n + 0 }' "$1"
}

wrk_samples() { awk '$1 == "BENCH" && $2 == "sample" { $1 = ""; $2 = ""; print "   " $0 }' "$1"; }

# ---- CPU split: clock ticks of wrk, the java server, every postgres process and PgBouncer --------

# ticks PID...: utime + stime summed (fields 14 and 15 of /proc/PID/stat; after "comm) " they are
# the 12th and 13th words). Processes that are gone count nothing (hence `|| true` on cat: a
# backend or an autovacuum worker may exit between listing and reading).
ticks() {
  local pid files=()
  for pid in "$@"; do files+=("/proc/$pid/stat"); done
  ((${#files[@]})) || { echo 0; return; }
  { cat "${files[@]}" 2>/dev/null || true; } | sed 's/^.*) //' | awk '{ s += $12 + $13 } END { print s + 0 }'
}

child_pids() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | sed 's/^\([0-9]*\) (.*) /\1 /' | awk -v p="$1" '$3 == p { print $1 }'
}

# The postmaster and its children (backends of the server's pool, background workers).
postgres_pids() {
  local pm
  pm=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 0
  echo "$pm"
  child_pids "$pm"
}

# All-core total ticks from /proc/stat (user .. steal), and the idle part (idle + iowait).
machine_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $5 + $6 }' /proc/stat; }

cpu_snapshot() {
  local total idle
  read -r total idle < <(machine_ticks)
  # WRK_PID is the `timeout` wrapper: wrk is its child. POOLER_PID (lib/pooler.sh) is empty without
  # a pooler: its share is then 0.
  # shellcheck disable=SC2046,SC2086
  echo "$total $idle $(ticks "$WRK_PID" $(child_pids "$WRK_PID")) $(ticks "$SERVER_PID") $(ticks $(postgres_pids))" \
    "$(ticks ${POOLER_PID:-})"
}

# cpu_split "SNAPSHOT1" "SNAPSHOT2": percentages of the whole machine (100 % = every core), as
# wrk, java, postgres, pgbouncer, other, idle (tab-separated; pgbouncer is 0 without a pooler, and
# is not part of other).
cpu_split() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    t = y[1] - x[1]; if (t <= 0) t = 1
    wrk = 100 * (y[3] - x[3]) / t; java = 100 * (y[4] - x[4]) / t; pg = 100 * (y[5] - x[5]) / t
    pgb = 100 * (y[6] - x[6]) / t
    idle = 100 * (y[2] - x[2]) / t; other = 100 - wrk - java - pg - pgb - idle
    if (other < 0) other = 0      # per-process and machine ticks are sampled apart: +-few %
    printf "%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\n", wrk, java, pg, pgb, other, idle }'
}

# cpu_split_text SPLIT: "wrk/java/postgres/other/idle = a/b/c/d/e", with pgbouncer after postgres
# when a pooler runs.
cpu_split_text() {
  local wrk java pg pgb other idle
  IFS=$'\t' read -r wrk java pg pgb other idle <<<"$1"
  if [[ -n "${POOLER_PID:-}" ]]; then
    echo "wrk/java/postgres/pgbouncer/other/idle = $wrk/$java/$pg/$pgb/$other/$idle"
  else
    echo "wrk/java/postgres/other/idle = $wrk/$java/$pg/$other/$idle"
  fi
}

# Wait (at most MAX s) until the server, postgres and the pooler are idle: requests that wrk abandoned at the
# end of a run may still be in the server's queues, and would cost the next run.
wait_quiet() {
  local max="$1" deadline=$((SECONDS + $1)) a b busy
  while ((SECONDS < deadline)); do
    # shellcheck disable=SC2046,SC2086
    a=$(ticks "$SERVER_PID" $(postgres_pids) ${POOLER_PID:-})
    sleep 0.5
    # shellcheck disable=SC2046,SC2086
    b=$(ticks "$SERVER_PID" $(postgres_pids) ${POOLER_PID:-})
    busy=$((b - a))                       # ticks in 0.5 s; 100 ticks/s per core
    ((busy <= 5)) && return 0
  done
  warn "server still busy ${max} s after the run: going on"
}
