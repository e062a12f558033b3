#!/usr/bin/env bash
# The procurement register at national scale (issue 16, items 3 and 4):
#
#   bash bench/scale/procurement.sh [10k|100k|1m]        # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
#       bash bench/scale/procurement.sh 100k              # PostgreSQL
#
# Generates SIZE bid-heavy processes (bench/redflags/generate.py, made if
# missing), imports them into a fresh database through `vigie import ocds`,
# starts `vigie serve` on it, and prints:
#
#   - the import's seconds and peak memory;
#   - start-up: seconds until the server answers;
#   - the overview (decision 0029): seconds until `/procurement` answers,
#     the pass over the register the server makes at start;
#   - for each page and API answer, as an anonymous reader: the first
#     answer (rendered: "cold") and the p50/p95 of REPS more ("warm",
#     served from what was rendered for the data's version);
#   - the server's peak and final resident memory.
#
# On PostgreSQL the database DATABASE_URL names is wiped first (its
# `public` schema dropped): give it one made for this. Everything stops by
# itself; nothing here runs in CI.
#
# Environment:
#   VIGIE         vigie binary (default target/release/vigie)
#   BENCH_DIR     inputs and data (default target/bench-scale; never in git)
#   SHAPE         bids (default) or real
#   REPS          warm requests per answer (default 50)
#   DATABASE_URL  PostgreSQL to run on (default: SQLite in BENCH_DIR)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

VIGIE="${VIGIE:-target/release/vigie}"
BENCH_DIR="${BENCH_DIR:-target/bench-scale}"
SHAPE="${SHAPE:-bids}"
REPS="${REPS:-50}"
SIZE="${1:-100k}"
PORT=18090

for tool in curl python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done
[ -x "$VIGIE" ] || { echo "error: $VIGIE not found: cargo build --release -p vigie" >&2; exit 1; }
BENCH_DIR="$(mkdir -p "$BENCH_DIR" && cd "$BENCH_DIR" && pwd)"

input="$BENCH_DIR/$SHAPE-$SIZE.jsonl"
[ -f "$input" ] || python3 bench/redflags/generate.py --out "$BENCH_DIR" --shapes "$SHAPE" --sizes "$SIZE" >&2
data="$BENCH_DIR/data"
rm -rf "$data"
storage=(--data-dir "$data")
if [ -n "${DATABASE_URL:-}" ]; then
    command -v psql >/dev/null || { echo "error: psql is required" >&2; exit 1; }
    psql -q "$DATABASE_URL" -c 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;' >/dev/null
    storage+=(--database-url "$DATABASE_URL")
    backend=postgres
else
    backend=sqlite
fi
"$VIGIE" migrate "${storage[@]}" >/dev/null 2>&1

/usr/bin/time -o "$BENCH_DIR/time" -f '%e %M' \
    "$VIGIE" import ocds "${storage[@]}" --country BFA "$input" >/dev/null 2>&1
read -r seconds kb <"$BENCH_DIR/time"
echo "backend $backend, $SHAPE-$SIZE ($(wc -l <"$input") processes)"
printf 'import: %s s, peak %.0f MiB\n' "$seconds" "$(echo "$kb / 1024" | bc -l)"

server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; }
trap cleanup EXIT
now() { date +%s.%N; }
t0=$(now)
"$VIGIE" serve "${storage[@]}" --listen "127.0.0.1:$PORT" >"$BENCH_DIR/serve.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { echo "error: the server stopped; see $BENCH_DIR/serve.log" >&2; exit 1; }
    sleep 0.05
done
printf 'start-up: %.2f s\n' "$(echo "$(now) - $t0" | bc -l)"
curl -sf -o /dev/null --max-time 3600 "http://127.0.0.1:$PORT/procurement"
printf 'overview ready: %.1f s after start\n' "$(echo "$(now) - $t0" | bc -l)"

ocid=$(head -c 4096 "$input" | grep -o '"ocid": *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
supplier=$(curl -sf "http://127.0.0.1:$PORT/api/v1/procurement/dashboard?country=BFA&limit=1" \
    | python3 -c 'import json,sys; s=json.load(sys.stdin)["suppliers"]; print(s[0]["id"] if s else "")')
uris=(
    /procurement
    "/procurement?country=BFA"
    "/procurement/processes/$ocid"
    "/procurement/suppliers/$supplier"
    "/api/v1/procurement/dashboard?country=BFA"
    "/api/v1/procurement/processes?country=BFA"
    "/api/v1/procurement/processes?country=BFA&limit=1000"
    "/api/v1/procurement/processes/$ocid"
)
ms() { awk '{printf "%.1f", $1 * 1000}'; }
printf '%-60s %9s %9s %9s\n' answer "cold ms" "p50 ms" "p95 ms"
for uri in "${uris[@]}"; do
    url="http://127.0.0.1:$PORT$uri"
    cold=$(curl -s -o /dev/null -w '%{time_total}' "$url" | ms)
    read -r p50 p95 < <(for _ in $(seq "$REPS"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done \
        | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f\n", a[int(NR*0.5+0.5)]*1000, a[int(NR*0.95+0.5)]*1000}')
    printf '%-60s %9s %9s %9s\n' "$uri" "$cold" "$p50" "$p95"
done
awk '/VmHWM|VmRSS/ {printf "server %s %.0f MiB\n", $1, $2 / 1024}' "/proc/$server/status"
