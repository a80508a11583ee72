#!/usr/bin/env bash
# The bench database on its own: bench/db.sh start | stop | status | load [--regenerate] | psql [args]
#   start   initdb when needed, start it (127.0.0.1:$PG_PORT, default 15432)
#   load    start, then create the schema and load the data unless already loaded
#   psql    a psql session on the bench database
#   url     print the DATABASE_URL the server is given
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/pg.sh
source "$BENCH_DIR/lib/pg.sh"
# shellcheck source=lib/server.sh
source "$BENCH_DIR/lib/server.sh"
# shellcheck source=lib/data.sh
source "$BENCH_DIR/lib/data.sh"

cmd="${1:-}"; shift || true
case "$cmd" in
  start)  ensure_tools; pg_start ;;
  stop)   pg_stop ;;
  status) if pg_running; then echo "running on 127.0.0.1:$PG_PORT"; else echo stopped; fi ;;
  load)
    ensure_tools; pg_start
    trap server_stop EXIT
    prepare_data "$([[ "${1:-}" == --regenerate ]] && echo 1 || echo 0)" ;;
  psql)   bench_psql "$@" ;;
  url)    database_url; echo ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
