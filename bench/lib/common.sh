# shellcheck shell=bash
# Shared settings and helpers for the bench scripts. Sourced, never run.
# Every setting can be overridden from the environment (see README.md, "Settings").

BENCH_DIR="${BENCH_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_HOME="${PG_HOME:-$BENCH_DIR/.pgdata}"        # owned by the postgres OS user when run as root
PG_DATA="$PG_HOME/data"
PG_LOG="$PG_HOME/postgres.log"
# below the kernel's ephemeral range (32768+), so a load run's client sockets can never hold it
PG_PORT="${PG_PORT:-15432}"
PG_USER="${PG_USER:-bench}"
PG_PASSWORD="${PG_PASSWORD:-bench}"
PG_DB="${PG_DB:-bench}"

BENCH_HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
BENCH_JWT_SECRET="${BENCH_JWT_SECRET:-bench-only-hs256-secret-0123456789abcdef0123456789}"
SERVER_JAR="${SERVER_JAR:-$REPO_DIR/target/sync-runs-server.jar}"
JVM_OPTS_GIVEN="${JVM_OPTS:+1}"   # without JVM_OPTS, the README's flags and the build's class-data archive
JVM_OPTS="${JVM_OPTS:--Xms112m -Xmx112m -XX:+UseSerialGC -XX:NewRatio=1 -XX:MaxDirectMemorySize=64m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m}"

LOG_DIR="$BENCH_DIR/.run"
RESULTS_DIR="$BENCH_DIR/results"

log()  { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '%s [bench] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '%s [bench] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# apt_install CMD PACKAGE: install a Debian package when its command is missing.
apt_install() {
  local cmd="$1" pkg="$2"
  if command -v "$cmd" >/dev/null 2>&1; then return 0; fi
  [[ $EUID -eq 0 ]] || die "$cmd is missing: install the Debian package '$pkg' (needs root)"
  log "installing $pkg"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
}

ensure_tools() {
  apt_install "$PG_BIN/initdb" postgresql      # brings psql and pgbench of the same version
  apt_install wrk wrk
  apt_install curl curl
  apt_install openssl openssl
  mkdir -p "$LOG_DIR" "$RESULTS_DIR"
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
