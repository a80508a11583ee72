# shellcheck shell=bash
# What every bench entry point starts with: strict mode, one line naming any command that fails, and
# the libraries the entry points share. Sourced, never run.
set -Eeuo pipefail
trap 'rc=$?; echo "$(date +%H:%M:%S) [bench] ERROR: line $LINENO: $BASH_COMMAND failed (status $rc)" >&2' ERR
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=pg.sh
source "$BENCH_DIR/lib/pg.sh"
# shellcheck source=jwt.sh
source "$BENCH_DIR/lib/jwt.sh"
# shellcheck source=server.sh
source "$BENCH_DIR/lib/server.sh"
# shellcheck source=data.sh
source "$BENCH_DIR/lib/data.sh"
# shellcheck source=load.sh
source "$BENCH_DIR/lib/load.sh"
# shellcheck source=pooler.sh
source "$BENCH_DIR/lib/pooler.sh"

# prepare_bench REGENERATE(0|1): the bench database running and loaded, the jar built, and TOKEN set.
prepare_bench() {
  pg_start
  build_jar
  prepare_data "$1"
  TOKEN=$(mint_jwt "$BENCH_JWT_SECRET")
}
