#!/usr/bin/env bash
# Rewrites src/main/cds/sync-runs-server.classlist: the classes the server loads while it starts and
# serves its first requests. The build turns that list into target/sync-runs-server.jsa, a class-data
# archive that makes the start about a third faster (docs/operations.md, "The class-data archive").
# Run it after a change that loads other classes at start (a dependency, a new start step);
# ClassDataArchiveIT fails when the list no longer covers what a start loads.
#
#   src/main/cds/refresh-classlist.sh    (builds the jar first when it is missing)
#
# It starts the jar once with its embedded PostgreSQL in a temporary directory (loopback only),
# requests each kind of answer once, stops it with SIGTERM and keeps the list the JVM wrote.
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=target/sync-runs-server.jar
list=src/main/cds/sync-runs-server.classlist
[[ -f "$jar" ]] || mvn -B -q -DskipTests package

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
EMBEDDED_DB_DIR="$work/pgdata" HTTP_PORT="$port" HTTP_HOST=127.0.0.1 \
  java -XX:DumpLoadedClassList="$work/classlist" -jar "$jar" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 240); do
  grep -q "curl -s -H 'Authorization" "$work/server.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; echo "the server stopped" >&2; exit 1; }
  sleep 0.5
done
token=$(grep -o "Bearer [^']*" "$work/server.log" | head -1 | cut -d' ' -f2)
[[ -n "$token" ]] || { cat "$work/server.log"; echo "no demo token within 120 s" >&2; exit 1; }

base="http://127.0.0.1:$port"
auth=(-H "Authorization: Bearer $token" -H "Workspace-Id: 1")
for path in "/api/v1/syncs/1/sync_runs?per_page=5" "/api/v1/syncs/1/sync_runs?status=failed" \
            "/api/v1/syncs/1/sync_runs?per_page=150" "/api/v1/syncs/1/sync_runs?page=0" \
            "/api/v1/syncs/3/sync_runs" "/api/v1/syncs/4/sync_runs" \
            "/api/v1/syncs/1/sync_runs/25" "/api/v1/syncs/1/sync_runs/999" \
            "/api/v1/syncs/1/sync_runs/25/sync_records?per_page=5" \
            "/api/v1/syncs/1/sync_runs/25/sync_records?per_page=30&status=success"; do
  curl -s -o /dev/null "${auth[@]}" "$base$path"
done
curl -s -o /dev/null "$base/api/v1/syncs/1/sync_runs"   # 401
curl -s -o /dev/null --http2 "${auth[@]}" "$base/api/v1/syncs/1/sync_runs"   # an h2c upgrade, as Java's HttpClient asks
for path in /health/ready /health/live /metrics /openapi.yaml /nowhere; do
  curl -s -o /dev/null "$base$path"
done

kill -TERM "$server"
wait "$server" || true
grep -q '^java/lang/Object$' "$work/classlist" || { echo "the JVM wrote no class list" >&2; exit 1; }
cp "$work/classlist" "$list"
echo "wrote $list ($(grep -vc '^[#@]' "$list") classes)"
