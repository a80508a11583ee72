#!/usr/bin/env bash
# How long the fat jar takes to be ready on an existing database: milliseconds from `java` to the
# first 200 of /health/ready, with the README's JVM flags, against the bench database. Each round
# starts the jar with its class-data archive, then without it, then (--against) another jar, so
# that every variant sees the same hours of this shared machine. Loopback only; every start is
# bounded by SERVER_START_TIMEOUT (default 120 s) and stopped with SIGTERM once ready.
#
#   bench/start.sh [--rounds 5] [--against OTHER.jar] [--keep-db]
# shellcheck source=lib/kit.sh
source "$(dirname "$0")/lib/kit.sh"
ROUNDS=5 OTHER_JAR="" KEEP_DB=0
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="${2:?}"; shift ;;
    --against) OTHER_JAR="${2:?}"; shift ;;
    --keep-db) KEEP_DB=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "bad round count: $ROUNDS"
[[ -z "$OTHER_JAR" || -f "$OTHER_JAR" ]] || die "no such jar: $OTHER_JAR"
[[ -z "$JVM_OPTS_GIVEN" ]] || die "JVM_OPTS is set: this script measures the README's flags"
RUN_ID="start-$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH_DIR/.run/$RUN_ID"

cleanup() {
  local rc=$?
  server_stop
  if ((PG_STARTED_HERE && !KEEP_DB)); then pg_stop; fi
  exit "$rc"
}

# ready_probe: true when /health/ready answers 200. Bash's own /dev/tcp, so that polling every
# 10 ms forks nothing that would compete with the start for the two cores.
ready_probe() {
  local status connection
  { exec {connection}<>"/dev/tcp/127.0.0.1/$BENCH_HTTP_PORT"; } 2>/dev/null || return 1
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$connection"
  read -r -t 2 _ status _ <&"$connection" || status=""
  exec {connection}>&-
  [[ "$status" == 200 ]]
}

# start_ms JAR ARCHIVE(path or ""): READY_MS = the milliseconds from `java` to ready; then stops it.
# The environment is worked out before the clock starts (database_url and db_migrate_flag run psql).
READY_MS=0
start_ms() {
  local jar="$1" archive="$2" jvm_opts started deadline
  read -r -a jvm_opts <<<"$JVM_OPTS"
  # -Xshare:on: an archive that does not match the jar stops the JVM instead of going unused silently
  [[ -n "$archive" ]] && jvm_opts+=(-Xshare:on "-XX:SharedArchiveFile=$archive")
  port_free "$BENCH_HTTP_PORT" || die "port $BENCH_HTTP_PORT is taken: set BENCH_HTTP_PORT"
  started=${EPOCHREALTIME/[.,]/}
  HTTP_PORT="$BENCH_HTTP_PORT" DATABASE_URL="$SERVER_DATABASE_URL" DB_MIGRATE="$SERVER_DB_MIGRATE" \
    JWT_SECRET="$BENCH_JWT_SECRET" java "${jvm_opts[@]}" -jar "$jar" >>"$RUN_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  deadline=$((SECONDS + ${SERVER_START_TIMEOUT:-120}))
  until ready_probe; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      SERVER_PID=""
      tail -40 "$RUN_DIR/server.log" >&2
      die "the server exited during start (log: $RUN_DIR/server.log)"
    fi
    ((SECONDS < deadline)) || die "not ready within ${SERVER_START_TIMEOUT:-120} s (log: $RUN_DIR/server.log)"
    read -r -t 0.01 -u "$TICK" _ || true   # a 10 ms wait without forking `sleep`
  done
  READY_MS=$(((${EPOCHREALTIME/[.,]/} - started) / 1000))
  server_stop
}

# summary NAME MS...: the variant's starts, then min / median / max
summary() {
  local name="$1"; shift
  printf '%-34s %s   min %s  median %s  max %s\n' "$name" "$*" \
    "$(printf '%s\n' "$@" | sort -n | head -1)" \
    "$(printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
    "$(printf '%s\n' "$@" | sort -n | tail -1)"
}

main() {
  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  prepare_bench 0
  SERVER_DATABASE_URL=$(database_url)
  SERVER_DB_MIGRATE=$(db_migrate_flag)
  exec {TICK}<> <(:)   # a pipe nobody writes to: reading it with a timeout is a sleep
  local archive="${SERVER_JAR%.jar}.jsa" other_archive="" with=() without=() other=()
  [[ -f "$archive" ]] || die "no class-data archive next to $SERVER_JAR: build with mvn package"
  if [[ -n "$OTHER_JAR" && -f "${OTHER_JAR%.jar}.jsa" ]]; then other_archive="${OTHER_JAR%.jar}.jsa"; fi
  log "warm-up start (the page cache, the database's first connections), not counted"
  start_ms "$SERVER_JAR" "$archive"
  for round in $(seq "$ROUNDS"); do
    start_ms "$SERVER_JAR" "$archive"
    with+=("$READY_MS")
    start_ms "$SERVER_JAR" ""
    without+=("$READY_MS")
    if [[ -n "$OTHER_JAR" ]]; then
      start_ms "$OTHER_JAR" "$other_archive"
      other+=("$READY_MS")
    fi
    log "round $round: with the archive ${with[-1]} ms, without ${without[-1]} ms${OTHER_JAR:+, $(basename "$OTHER_JAR") ${other[-1]} ms}"
  done
  echo
  echo "== $RUN_ID: ready after java -jar (ms), $ROUNDS rounds, the README's flags"
  summary "$(basename "$SERVER_JAR") + archive" "${with[@]}"
  summary "$(basename "$SERVER_JAR"), no archive" "${without[@]}"
  if [[ -n "$OTHER_JAR" ]]; then summary "$(basename "$OTHER_JAR")${other_archive:+ + archive}" "${other[@]}"; fi
  echo "server log: $RUN_DIR/server.log"
}

main
