#!/usr/bin/env bash
# Public pages against nginx serving the very same bytes and headers as
# static files, in the same run (issue 16, item 4):
#
#   bash bench/pages/run.sh
#
# Starts `vigie serve --demo` on a fresh data directory and nginx on
# loopback, fetches each page from Vigie as an anonymous reader, writes its
# body and headers into nginx's configuration, then runs `wrk -t2 -c64
# -d${DURATION}s` against each page on both, one after the other. Prints
# requests per second and Vigie's share of nginx's. Everything stops by
# itself; nothing here runs in CI.
#
# Environment:
#   VIGIE      vigie binary (default target/release/vigie)
#   BENCH_DIR  working directory (default target/bench-pages; never in git)
#   DURATION   seconds per wrk run (default 5)
#   PAGES      space-separated paths (default: the public pages below)
#
# Needs nginx and wrk (apt-get install nginx wrk).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

VIGIE="${VIGIE:-target/release/vigie}"
BENCH_DIR="${BENCH_DIR:-target/bench-pages}"
DURATION="${DURATION:-5}"
PAGES="${PAGES:-/ /budget /budget/BFA /procurement /documents /recommendations /findings /conferences /institutions /assessments /meetings /api/v1/recommendations /api/v1/procurement/processes}"
VIGIE_PORT=18080
NGINX_PORT=18081

for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required (apt-get install nginx wrk curl)" >&2; exit 1; }
done
[ -x "$VIGIE" ] || { echo "error: $VIGIE not found: cargo build --release -p vigie" >&2; exit 1; }

BENCH_DIR="$(mkdir -p "$BENCH_DIR" && cd "$BENCH_DIR" && pwd)"
rm -rf "$BENCH_DIR/data" "$BENCH_DIR/www" "$BENCH_DIR/nginx"
mkdir -p "$BENCH_DIR/www" "$BENCH_DIR/nginx"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$BENCH_DIR/nginx/nginx.pid" ] && kill "$(cat "$BENCH_DIR/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

"$VIGIE" serve --demo --data-dir "$BENCH_DIR/data" --listen "127.0.0.1:$VIGIE_PORT" \
    >"$BENCH_DIR/vigie.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$VIGIE_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$VIGIE_PORT/healthz" >/dev/null || { echo "error: vigie did not start; see $BENCH_DIR/vigie.log" >&2; exit 1; }

# One location per page: Vigie's body as a file, its headers as nginx's.
# Headers nginx writes itself (date, length, server, last-modified) are left
# to it.
locations=""
n=0
for page in $PAGES; do
    n=$((n + 1))
    curl -sf -D "$BENCH_DIR/www/$n.headers" -o "$BENCH_DIR/www/$n.body" "http://127.0.0.1:$VIGIE_PORT$page" \
        || { echo "error: GET $page failed" >&2; exit 1; }
    type=$(awk -F': ' 'tolower($1)=="content-type" {sub(/\r$/, "", $2); print $2}' "$BENCH_DIR/www/$n.headers")
    adds=$(awk -F': ' 'NR > 1 && NF > 1 {
            name = tolower($1); sub(/\r$/, "", $2)
            if (name ~ /^(date|content-length|content-type|server|transfer-encoding|connection|last-modified)$/) next
            gsub(/"/, "\\\"", $2)
            printf "            add_header %s \"%s\" always;\n", $1, $2
        }' "$BENCH_DIR/www/$n.headers")
    # (`/` and other paths are rewritten to the file's own location, where
    # nginx would otherwise look for an index.)
    locations+="        location = $page { rewrite ^ /_body/$n last; }
        location = /_body/$n {
            internal;
            default_type \"$type\";
            types { }
$adds
            alias $BENCH_DIR/www/$n.body;
        }
"
done

cat >"$BENCH_DIR/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $BENCH_DIR/nginx/nginx.pid;
error_log $BENCH_DIR/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    etag off;
    client_body_temp_path $BENCH_DIR/nginx;
    proxy_temp_path $BENCH_DIR/nginx;
    fastcgi_temp_path $BENCH_DIR/nginx;
    uwsgi_temp_path $BENCH_DIR/nginx;
    scgi_temp_path $BENCH_DIR/nginx;
    server {
        listen 127.0.0.1:$NGINX_PORT;
$locations
    }
}
CONF
nginx -c "$BENCH_DIR/nginx/nginx.conf"
sleep 0.5

# The same bytes: nginx's body for each page is Vigie's.
n=0
for page in $PAGES; do
    n=$((n + 1))
    curl -sf "http://127.0.0.1:$NGINX_PORT$page" | cmp -s - "$BENCH_DIR/www/$n.body" \
        || { echo "error: nginx does not serve Vigie's bytes for $page" >&2; exit 1; }
done

rps() {
    wrk -t2 -c64 -d"${DURATION}s" "$1" 2>/dev/null | awk '/^Requests\/sec/ {printf "%d", $2}'
}

printf '%-34s %10s %12s %12s %8s\n' page bytes vigie_rps nginx_rps ratio
n=0
for page in $PAGES; do
    n=$((n + 1))
    bytes=$(wc -c <"$BENCH_DIR/www/$n.body")
    v=$(rps "http://127.0.0.1:$VIGIE_PORT$page")
    g=$(rps "http://127.0.0.1:$NGINX_PORT$page")
    awk -v p="$page" -v b="$bytes" -v v="$v" -v g="$g" \
        'BEGIN { printf "%-34s %10d %12d %12d %7.1f%%\n", p, b, v, g, (g > 0 ? 100 * v / g : 0) }'
done
