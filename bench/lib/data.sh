# shellcheck shell=bash
# Schema and data of the bench database. The schema is the server's own migrations, applied by the
# server (Flyway) when the jar exists, else by psql; the data is sql/generate.sql (runs) and
# sql/generate_records.sql (the records of 100 runs).

DATA_MARKER='bench+gen1@example.com'   # users.email written by sql/generate.sql (its version)
RECORDS_MARKER='rec1-1'                # fingerprint of record 1, by sql/generate_records.sql
TARGETS_DIR="$LOG_DIR/targets"         # paths the wrk script reads: see write_targets

schema_exists()  { [[ "$(bench_sql "SELECT to_regclass('public.sync_runs') IS NOT NULL")" == t ]]; }
flyway_managed() { [[ "$(bench_sql "SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")" == t ]]; }

data_loaded() {
  schema_exists || return 1
  [[ "$(bench_sql "SELECT (SELECT email FROM users WHERE id = 1) IS NOT DISTINCT FROM '$DATA_MARKER'
                      AND (SELECT count(*) FROM syncs) = 1001
                      AND (SELECT count(*) FROM sync_runs) = 2000000")" == t ]]
}

records_table_exists() { [[ "$(bench_sql "SELECT to_regclass('public.sync_records') IS NOT NULL")" == t ]]; }

records_loaded() {
  [[ "$(bench_sql "SELECT (SELECT fingerprint FROM sync_records WHERE id = 1) IS NOT DISTINCT FROM '$RECORDS_MARKER'
                      AND (SELECT count(*) FROM sync_records) = 100000")" == t ]]
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

# A schema made by an older jar lacks the later migrations (sync_records came with V4): the server
# applies them, as it would in production. A schema made by psql is not migrated: --regenerate it.
migrate_schema() {
  records_table_exists && return 0
  flyway_managed && [[ -f "$SERVER_JAR" ]] \
    || die "the bench schema has no sync_records table and Flyway cannot add it: run with --regenerate"
  log "the bench schema predates sync_records: the server applies its newer migrations, then stops"
  server_start true
  server_stop
  records_table_exists || die "no sync_records table after migrating"
}

# prepare_data REGENERATE(0|1): schema, runs and records, each unless already there; then the
# targets of the wrk script.
prepare_data() {
  local regenerate="$1" started loaded=0
  if ((regenerate)); then
    log "--regenerate: dropping the bench schema"
    bench_psql -c 'SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;'
  fi
  schema_exists || create_schema
  migrate_schema
  started=$SECONDS
  if data_loaded; then
    log "bench runs already loaded (2,000,000 runs; use --regenerate to reload)"
  else
    log "loading the bench runs (sql/generate.sql)"
    bench_psql -f "$BENCH_DIR/sql/generate.sql"
    loaded=1
  fi
  if records_loaded && ((!loaded)); then
    log "bench records already loaded (100,000 records of 100 runs)"
  else
    log "loading the bench records (sql/generate_records.sql)"
    bench_psql -f "$BENCH_DIR/sql/generate_records.sql"
    loaded=1
  fi
  if ((loaded)); then
    log "vacuum (freeze, analyze): visibility map for index-only scans, fresh statistics"
    bench_psql -c 'VACUUM (FREEZE, ANALYZE)'
    bench_psql -c 'CHECKPOINT'
    DATA_LOAD_SECS=$((SECONDS - started))
    log "data loaded in ${DATA_LOAD_SECS} s"
    data_loaded && records_loaded || die "the data check failed after loading"
  else
    # cheap when nothing changed; makes sure the visibility map is set, or counts fetch the heap
    bench_psql -c 'VACUUM (ANALYZE)'
  fi
  write_targets
}

# The wrk script's targets that only the data knows, one "sync_id run_id" per line:
#   runs.txt         the 10,183 live runs of syncs 1..1000 whose id is a multiple of 97 (S8)
#   record_runs.txt  the 100 runs that have records (S9)
write_targets() {
  mkdir -p "$TARGETS_DIR"
  bench_sql "SELECT sync_id || ' ' || id FROM sync_runs
              WHERE id % 97 = 0 AND sync_id <= 1000 AND discarded_at IS NULL ORDER BY id" >"$TARGETS_DIR/runs.txt"
  bench_sql "SELECT DISTINCT sync_id || ' ' || sync_run_id FROM sync_records" | sort -n >"$TARGETS_DIR/record_runs.txt"
  [[ -s "$TARGETS_DIR/runs.txt" && -s "$TARGETS_DIR/record_runs.txt" ]] || die "no targets written to $TARGETS_DIR"
}
DATA_LOAD_SECS=""
