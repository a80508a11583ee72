# shellcheck shell=bash
# The bench's own PostgreSQL cluster: bench/.pgdata, loopback only, settings for 2 cores.
# PostgreSQL refuses to run as root, so as root every pg_ctl/initdb runs as the 'postgres' OS user.

PG_STARTED_HERE=0

as_pg_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# psql against the bench database; extra arguments are passed on.
bench_psql() {
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"
}

# bench_sql 'SELECT ...': one value, unaligned, no header.
bench_sql() { bench_psql -At -c "$1"; }

pg_running() { as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

pg_init() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  log "initdb: $PG_DATA (superuser '$PG_USER', port $PG_PORT)"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    mkdir -p "$PG_HOME"
    chown postgres: "$PG_HOME"
  else
    mkdir -p "$PG_HOME"
  fi
  local pwfile="$PG_HOME/.pwfile"
  as_pg_owner bash -c "umask 077; printf '%s\n' '$PG_PASSWORD' > '$pwfile'"
  as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  pg_write_settings
}

# Sensible for a 2-core, 24 GiB bench machine. Durability is off: this database is disposable.
pg_write_settings() {
  as_pg_owner tee -a "$PG_DATA/postgresql.conf" >/dev/null <<'CONF'

# ---- bench settings (bench/lib/pg.sh) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 512MB
effective_cache_size = 4GB
work_mem = 16MB
maintenance_work_mem = 512MB
synchronous_commit = off
fsync = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 8GB
checkpoint_timeout = 30min
random_page_cost = 1.1
# OLTP on 2 cores: no parallel plans, no JIT compilation (the 1M-run COUNT(*) would trigger it).
max_parallel_workers_per_gather = 0
jit = off
log_min_duration_statement = -1
CONF
}

pg_start() {
  pg_init
  if pg_running; then
    log "postgres already running ($PG_DATA): leaving it running at exit"
    pg_ensure_db
    return 0
  fi
  port_free "$PG_PORT" || die "port $PG_PORT is taken by something else: set PG_PORT"
  log "starting postgres on 127.0.0.1:$PG_PORT"
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t 60 start >/dev/null \
    || { tail -20 "$PG_LOG" >&2; die "postgres did not start"; }
  PG_STARTED_HERE=1
  pg_ensure_db
}

pg_ensure_db() {
  local exists
  exists=$(PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")
  [[ "$exists" == 1 ]] && return 0
  log "creating database $PG_DB"
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
}

pg_stop() {
  pg_running || return 0
  log "stopping postgres"
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null || warn "pg_ctl stop failed"
}

database_url() {
  printf 'postgresql://%s:%s@127.0.0.1:%s/%s' "$PG_USER" "$PG_PASSWORD" "$PG_PORT" "$PG_DB"
}
