#!/usr/bin/env bash
# A parliament's whole budget nomenclature at national scale (issue 16,
# items 3 and 4):
#
#   bash bench/scale/budget.sh [LINES]         # SQLite; default 10000000
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
#       bash bench/scale/budget.sh 10000000     # PostgreSQL
#
# Loads the demo (its countries, currencies and classification schemes:
# `serve --demo`, stopped once it answers), generates LINES budget lines
# over the five countries and 25 years (budget.py, made if missing; some
# lines classified `CD`), imports them through `vigie import budget`,
# starts `vigie serve` on the database and prints:
#
#   - the import's seconds and peak memory;
#   - start-up: seconds until the server answers;
#   - for each page and API answer, as an anonymous reader: the first
#     answer ("cold") and the p50/p95 of REPS more ("warm");
#   - the server's peak and final resident memory.
#
# On PostgreSQL the database DATABASE_URL names is wiped first (its
# `public` schema dropped): give it one made for this. Everything stops by
# itself; nothing here runs in CI.
#
# Environment:
#   VIGIE         vigie binary (default target/release/vigie)
#   BENCH_DIR     inputs and data (default target/bench-scale; never in git)
#   REPS          warm requests per answer (default 50)
#   DATABASE_URL  PostgreSQL to run on (default: SQLite in BENCH_DIR)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

LINES="${1:-10000000}"
PORT=18092
# shellcheck source=lib.sh
. "$here/lib.sh"

file="$BENCH_DIR/budget-$LINES.csv"
[ -f "$file" ] || python3 "$here/budget.py" --out "$BENCH_DIR" --lines "$LINES" >&2

fresh_storage
start_server --demo
stop_server
echo "backend $backend, $LINES budget lines (and the demo's)"
timed "import budget" "$VIGIE" import budget "${storage[@]}" "$file"

start_server
printf 'start-up: %.2f s\n' "$(echo "$(now) - $started" | bc -l)"
uris=(
    /
    /budget
    /budget/NER
    "/budget/NER?year=2023"
    /budget/MRT
    /api/v1/budget
    /api/v1/budget/NER
    "/api/v1/budget/NER?year=2023&limit=1000"
    /api/v1/budget/NER/indicators
)
measure "${uris[@]}"
server_memory
