# shellcheck shell=bash
# Schema and data of the bench database. The schema is the server's own migrations, applied by the
# server (Flyway) when the jar exists, else by psql; the data is sql/generate.sql.

DATA_MARKER='bench+gen1@example.com'   # users.email written by sql/generate.sql (its version)

schema_exists()  { [[ "$(bench_sql "SELECT to_regclass('public.sync_runs') IS NOT NULL")" == t ]]; }
flyway_managed() { [[ "$(bench_sql "SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")" == t ]]; }

data_loaded() {
  schema_exists || return 1
  [[ "$(bench_sql "SELECT (SELECT email FROM users WHERE id = 1) IS NOT DISTINCT FROM '$DATA_MARKER'
                      AND (SELECT count(*) FROM syncs) = 1001
                      AND (SELECT count(*) FROM sync_runs) = 2000000")" == t ]]
}

# What the server must be started with: Flyway only where Flyway made the schema.
db_migrate_flag() { if flyway_managed; then echo true; else echo false; fi; }

create_schema() {
  if [[ -f "$SERVER_JAR" ]]; then
    log "creating the schema: the server applies its migrations (DB_MIGRATE=true), then stops"
    server_start true
    server_stop
  else
    warn "no $SERVER_JAR: applying the migrations with psql (the server will run with DB_MIGRATE=false)"
    local f
    for f in "$REPO_DIR"/src/main/resources/db/migration/V*__*.sql; do
      log "  psql -f ${f#"$REPO_DIR"/}"
      bench_psql -f "$f"
    done
  fi
  schema_exists || die "no sync_runs table after creating the schema"
}

# prepare_data REGENERATE(0|1): schema, then data, unless already there.
prepare_data() {
  local regenerate="$1" started
  if ((regenerate)); then
    log "--regenerate: dropping the bench schema"
    bench_psql -c 'SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;'
  elif data_loaded; then
    log "bench data already loaded (2,000,000 runs; use --regenerate to reload)"
    # cheap when nothing changed; makes sure the visibility map is set, or counts fetch the heap
    bench_psql -c 'VACUUM (ANALYZE)'
    return 0
  fi
  schema_exists || create_schema
  log "loading the bench data (sql/generate.sql)"
  started=$SECONDS
  bench_psql -f "$BENCH_DIR/sql/generate.sql"
  log "vacuum (freeze, analyze): visibility map for index-only scans, fresh statistics"
  bench_psql -c 'VACUUM (FREEZE, ANALYZE)'
  bench_psql -c 'CHECKPOINT'
  DATA_LOAD_SECS=$((SECONDS - started))
  log "data loaded in ${DATA_LOAD_SECS} s"
  data_loaded || die "the data check failed after loading"
}
DATA_LOAD_SECS=""
