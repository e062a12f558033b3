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

SHAPE="${SHAPE:-bids}"
SIZE="${1:-100k}"
PORT=18090
# shellcheck source=lib.sh
. "$here/lib.sh"

input="$BENCH_DIR/$SHAPE-$SIZE.jsonl"
[ -f "$input" ] || python3 bench/redflags/generate.py --out "$BENCH_DIR" --shapes "$SHAPE" --sizes "$SIZE" >&2
fresh_storage
"$VIGIE" migrate "${storage[@]}" >/dev/null 2>&1

echo "backend $backend, $SHAPE-$SIZE ($(wc -l <"$input") processes)"
timed import "$VIGIE" import ocds "${storage[@]}" --country BFA "$input"

start_server
printf 'start-up: %.2f s\n' "$(echo "$(now) - $started" | bc -l)"
curl -sf -o /dev/null --max-time 3600 "http://127.0.0.1:$PORT/procurement"
printf 'overview ready: %.1f s after start\n' "$(echo "$(now) - $started" | bc -l)"

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
measure "${uris[@]}"
server_memory
