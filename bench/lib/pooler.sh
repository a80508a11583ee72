# shellcheck shell=bash
# PgBouncer between the measured server and the bench cluster (run.sh/soak.sh/profile.sh --pooler).
# Debian's package (/usr/sbin/pgbouncer). Its config, auth file and log live in $RUN_DIR/pgbouncer/;
# it runs in the foreground as a child of the script (its pid is POOLER_PID), as the 'postgres' OS
# user when the kit runs as root (PgBouncer refuses root), and is stopped by the scripts' cleanup.
# Only the measured server goes through it: migrations, data loading, psql checks and the pgbench
# ceilings talk to PostgreSQL directly.

POOLER="${POOLER:-none}"                       # none | session | transaction (--pooler)
PGBOUNCER_BIN="${PGBOUNCER_BIN:-/usr/sbin/pgbouncer}"
PGBOUNCER_PORT="${PGBOUNCER_PORT:-16432}"
# The server opens at most DB_POOL_SIZE (16) + DB_PIPELINED_CONNECTIONS (4) = 20 connections; in
# session mode each needs a server connection of its own, so 24 leaves room; the same in transaction
# mode, so that the two modes differ only by the pooling, never by the pool's size.
PGBOUNCER_POOL_SIZE="${PGBOUNCER_POOL_SIZE:-24}"
PGBOUNCER_MAX_CLIENTS="${PGBOUNCER_MAX_CLIENTS:-200}"
PGBOUNCER_QUERY_WAIT="${PGBOUNCER_QUERY_WAIT:-5}"   # s a client may wait for a server connection
POOLER_PID=""
POOLER_DIR=""

# check_pooler_mode MODE: dies unless none|session|transaction.
check_pooler_mode() {
  [[ "$1" =~ ^(none|session|transaction)$ ]] || die "bad --pooler: $1 (none, session or transaction)"
}

# pooler_label: the topology as result rows give it (column pooler): none, session or transaction;
# direct with a DB_POOLER of the caller's that is not none, "none/DB_POOLER=<it>" (the server then
# runs that mode's statements without a pooler in front)
pooler_label() {
  if [[ "$POOLER" == none && -n "${DB_POOLER:-}" && "$DB_POOLER" != none ]]; then
    echo "none/DB_POOLER=$DB_POOLER"
  else
    echo "$POOLER"
  fi
}

pooler_url() {
  printf 'postgresql://%s:%s@127.0.0.1:%s/%s' "$PG_USER" "$PG_PASSWORD" "$PGBOUNCER_PORT" "$PG_DB"
}

# pooler_start: when POOLER is session|transaction, PgBouncer in front of the bench cluster, returned
# once it accepts connections and has logged in to PostgreSQL once (a wrong password shows here).
pooler_start() {
  [[ "$POOLER" == none ]] && return 0
  apt_install "$PGBOUNCER_BIN" pgbouncer
  port_free "$PGBOUNCER_PORT" || die "port $PGBOUNCER_PORT is taken: set PGBOUNCER_PORT"
  POOLER_DIR="${RUN_DIR:?}/pgbouncer"
  mkdir -p "$POOLER_DIR"
  local ini="$POOLER_DIR/pgbouncer.ini" users="$POOLER_DIR/userlist.txt" log="$POOLER_DIR/pgbouncer.log"
  (
    umask 077
    # auth_file in plain text: PgBouncer checks the client's SCRAM login against it, then logs in
    # to PostgreSQL (scram-sha-256) with the same password, which it can only do from plain text
    printf '"%s" "%s"\n' "$PG_USER" "$PG_PASSWORD" >"$users"
    cat >"$ini" <<INI
; written by bench/lib/pooler.sh for run $RUN_ID
[databases]
$PG_DB = host=127.0.0.1 port=$PG_PORT dbname=$PG_DB

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
; TCP only: no socket file to leave behind
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $users
admin_users = $PG_USER
stats_users = $PG_USER
pool_mode = $POOLER
default_pool_size = $PGBOUNCER_POOL_SIZE
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = $PGBOUNCER_MAX_CLIENTS
; the JDBC-style parameter some drivers send; everything else the server sends PgBouncer knows
ignore_startup_parameters = extra_float_digits
; session mode: what a client left in a session is gone before the next client gets it
server_reset_query = DISCARD ALL
; a database that is down or refuses the login fails the client within about a second
server_connect_timeout = 1
server_login_retry = 0.2
; a client may wait this long for a server connection: long enough that the bench's load is queued
; rather than shed by the pooler (the server bounds its own waits, DB_STATEMENT_TIMEOUT_MS)
query_wait_timeout = $PGBOUNCER_QUERY_WAIT
; the log stays small under load: no line per connection, stats once a minute
log_connections = 0
log_disconnections = 0
stats_period = 60
INI
  )
  local -a as_user=()
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown -R postgres: "$POOLER_DIR"
    # setpriv execs: the pid bash holds is PgBouncer's own
    as_user=(setpriv "--reuid=$(id -u postgres)" "--regid=$(id -g postgres)" --clear-groups --)
  fi
  log "starting pgbouncer ($POOLER pooling) on 127.0.0.1:$PGBOUNCER_PORT -> 127.0.0.1:$PG_PORT (files: $POOLER_DIR)"
  "${as_user[@]}" "$PGBOUNCER_BIN" "$ini" >>"$log" 2>&1 &
  POOLER_PID=$!
  local deadline=$((SECONDS + 10))
  while port_free "$PGBOUNCER_PORT"; do
    if ! kill -0 "$POOLER_PID" 2>/dev/null || ((SECONDS >= deadline)); then
      tail -20 "$log" >&2
      pooler_stop
      die "pgbouncer did not start listening within 10 s (log: $log)"
    fi
    sleep 0.1
  done
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U "$PG_USER" -d "$PG_DB" \
    -c 'SELECT 1' >/dev/null 2>"$POOLER_DIR/first-login.err" \
    || { cat "$POOLER_DIR/first-login.err" >&2; tail -20 "$log" >&2; die "no query through pgbouncer (log: $log)"; }
  rm -f "$POOLER_DIR/first-login.err"
  log "pgbouncer ready (pid $POOLER_PID): the server gets DATABASE_URL=$(pooler_url) DB_POOLER=$POOLER"
}

# server_migrate_flag_for_pooler: sets SERVER_MIGRATE, the DB_MIGRATE of the measured server, and
# is called before pooler_start. Direct, it is what the schema calls for (db_migrate_flag). Through a
# pooler nothing of the schema goes through it: when Flyway owns the schema, the server is started
# once directly with DB_MIGRATE=true (it applies what the jar has new, or finds the history
# current) and stopped, and the measured server then runs with DB_MIGRATE=false.
server_migrate_flag_for_pooler() {
  SERVER_MIGRATE=$(db_migrate_flag)
  [[ "$POOLER" != none && "$SERVER_MIGRATE" == true ]] || return 0
  log "schema: the server checks its migrations directly (127.0.0.1:$PG_PORT, DB_MIGRATE=true), then stops;" \
    "behind pgbouncer it runs with DB_MIGRATE=false"
  server_start true
  server_stop
  SERVER_MIGRATE=false
}

# SIGTERM (PgBouncer 1.18: immediate shutdown), then SIGKILL after 5 s. Safe to call twice.
pooler_stop() {
  [[ -n "$POOLER_PID" ]] || return 0
  local pid="$POOLER_PID"
  POOLER_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping pgbouncer (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { warn "pgbouncer ignored SIGTERM for 5 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  wait "$pid" 2>/dev/null || true
}

# pooler_admin 'SHOW ...': PgBouncer's admin console (simple queries only), unaligned with a header.
pooler_admin() {
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -X -q -A -F $'\t' -P footer=off \
    -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U "$PG_USER" -d pgbouncer -c "$1"
}

# pooler_value NAME ROW: the value of column NAME on the row whose first column is ROW (stdin: a
# pooler_admin output, header first); '?' when there is no such row.
pooler_value() {
  awk -F'\t' -v name="$1" -v row="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
    c && $1 == row { print $c; found = 1 } END { if (!found) print "?" }'
}

# pooler_check: proof that the traffic went through PgBouncer, while the server is still connected.
# Writes SHOW STATS/POOLS/SERVERS to $POOLER_DIR/stats.txt and logs: PgBouncer's transaction and
# query totals, and how many of the database's backends are PgBouncer's server connections (their
# client_port is a local_port of SHOW SERVERS) against those that are not (anything else connected
# to the bench database, this check's own psql excepted: there should be none).
pooler_check() {
  [[ -n "$POOLER_PID" ]] || return 0
  local stats pool_ports ours others
  {
    echo "== SHOW STATS"; pooler_admin 'SHOW STATS'
    echo "== SHOW POOLS"; pooler_admin 'SHOW POOLS'
    echo "== SHOW SERVERS"; pooler_admin 'SHOW SERVERS'
  } >"$POOLER_DIR/stats.txt" 2>&1 || warn "pgbouncer's admin console did not answer: $(tail -2 "$POOLER_DIR/stats.txt")"
  stats=$(pooler_admin 'SHOW STATS' 2>/dev/null) || stats=""
  pool_ports=$(pooler_admin 'SHOW SERVERS' 2>/dev/null \
    | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "local_port") c = i; next } c { print $c }' \
    | paste -sd, -) || pool_ports=""
  read -r ours others < <(bench_sql "SELECT count(*) FILTER (WHERE client_port = ANY ('{${pool_ports}}'::int[])),
      count(*) FILTER (WHERE NOT client_port = ANY ('{${pool_ports}}'::int[]))
    FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'
      AND pid <> pg_backend_pid()" | tr '|' ' ')
  # PgBouncer counts a query when a client starts one with none of its own in flight: statements
  # pipelined behind others on one connection are not counted, so these are lower bounds (the
  # pipelined connections carry most statements); the bytes are all of the traffic
  local xacts queries sent
  xacts=$(pooler_value total_xact_count "$PG_DB" <<<"$stats")
  queries=$(pooler_value total_query_count "$PG_DB" <<<"$stats")
  sent=$(pooler_value total_sent "$PG_DB" <<<"$stats")
  log "pgbouncer carried $xacts transactions, $queries queries, $(awk -v b="$sent" 'BEGIN { printf "%.0f", b / 1048576 }') MB" \
    "to the server; the database's backends: $ours are pgbouncer's server connections, $others are not" \
    "(details: $POOLER_DIR/stats.txt)"
  ((others == 0)) || warn "$others backends of the bench database do not come from pgbouncer"
}
