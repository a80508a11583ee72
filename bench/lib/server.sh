# shellcheck shell=bash
# The server under test: the fat jar, started against the bench database, watched by pid.

SERVER_PID=""
SERVER_LOG="$LOG_DIR/server.log"

build_jar() {
  [[ -f "$SERVER_JAR" ]] && return 0
  log "building $SERVER_JAR (mvn -B -DskipTests package; log: $LOG_DIR/build.log)"
  (cd "$REPO_DIR" && mvn -B -DskipTests package) >"$LOG_DIR/build.log" 2>&1 \
    || { tail -30 "$LOG_DIR/build.log" >&2; die "the build failed"; }
  [[ -f "$SERVER_JAR" ]] || die "the build did not produce $SERVER_JAR"
}

# make_class_archive JAR: the class-data archive of JAR (${JAR%.jar}.jsa) from the committed class
# list, as the build and the Docker image make theirs (README, "The class-data archive")
make_class_archive() {
  local jar="$1"
  rm -f "${jar%.jar}.jsa"
  java -Xshare:dump -XX:SharedClassListFile="$REPO_DIR/src/main/cds/sync-runs-server.classlist" \
    -XX:SharedArchiveFile="${jar%.jar}.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$jar" >/dev/null \
    || die "could not make the class-data archive of $jar"
}

# server_start DB_MIGRATE(true|false)
server_start() {
  local migrate="$1" jvm_opts
  port_free "$BENCH_HTTP_PORT" || die "port $BENCH_HTTP_PORT is taken: set BENCH_HTTP_PORT"
  read -r -a jvm_opts <<<"$JVM_OPTS"
  if [[ -z "$JVM_OPTS_GIVEN" && -f "${SERVER_JAR%.jar}.jsa" ]]; then
    jvm_opts+=("-XX:SharedArchiveFile=${SERVER_JAR%.jar}.jsa")
  fi
  SERVER_LOG="${RUN_DIR:-$LOG_DIR}/server.log"
  # Through PgBouncer only once lib/pooler.sh started it (after the data step, whose migration start
  # goes to PostgreSQL directly); DB_POOLER then says its mode. Direct, DB_POOLER is left to the
  # caller's environment, as before.
  local url pooler_env=()
  url=$(database_url)
  if [[ -n "${POOLER_PID:-}" ]]; then
    url=$(pooler_url)
    [[ -z "${DB_POOLER:-}" || "$DB_POOLER" == "$POOLER" ]] \
      || warn "DB_POOLER=$DB_POOLER in the environment: replaced by DB_POOLER=$POOLER (--pooler $POOLER)"
    pooler_env=("DB_POOLER=$POOLER")
  fi
  log "starting the server on 127.0.0.1:$BENCH_HTTP_PORT (DB_MIGRATE=$migrate, database ${url##*@}${pooler_env[*]:+, ${pooler_env[*]}}, JVM: ${jvm_opts[*]})"
  env ${pooler_env[@]+"${pooler_env[@]}"} HTTP_PORT="$BENCH_HTTP_PORT" DATABASE_URL="$url" DB_MIGRATE="$migrate" \
    JWT_SECRET="$BENCH_JWT_SECRET" \
    java "${jvm_opts[@]}" -jar "$SERVER_JAR" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  server_wait_ready
  log "server ready (pid $SERVER_PID)"
}

server_wait_ready() {
  local deadline=$((SECONDS + ${SERVER_START_TIMEOUT:-120})) code
  while ((SECONDS < deadline)); do
    kill -0 "$SERVER_PID" 2>/dev/null \
      || { tail -40 "$SERVER_LOG" >&2; SERVER_PID=""; die "the server exited during start (log: $SERVER_LOG)"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$BENCH_HTTP_PORT/health/ready" || true)
    [[ "$code" == 200 ]] && return 0
    sleep 0.5
  done
  die "the server was not ready within ${SERVER_START_TIMEOUT:-120} s (log: $SERVER_LOG)"
}

# SIGTERM, then up to 30 s for the graceful shutdown, then SIGKILL.
server_stop() {
  [[ -n "$SERVER_PID" ]] || return 0
  local pid="$SERVER_PID" rc=0
  SERVER_PID=""
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping the server (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "the server ignored SIGTERM for 30 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  ((rc == 0 || rc == 143)) || warn "the server exited with status $rc"
}

# Peak RSS since the last reset, in kB (VmHWM). Writing 5 to clear_refs resets it to the current
# RSS (Linux >= 4.0), so each scenario gets its own peak; where that is refused, VmHWM is the
# peak since start and the README says so.
server_hwm_reset() { echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || HWM_CUMULATIVE=1; }
server_hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
server_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
HWM_CUMULATIVE=0
