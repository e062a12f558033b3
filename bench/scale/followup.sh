#!/usr/bin/env bash
# The follow-up registers at national scale (issue 16, items 3 and 4):
#
#   bash bench/scale/followup.sh [RECOMMENDATIONS [FINDINGS]]   # SQLite; default 100000 10000
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
#       bash bench/scale/followup.sh 100000 10000                # PostgreSQL
#
# Loads the demo (its countries, institutions and workshops: `serve --demo`,
# stopped once it answers), generates FINDINGS findings with referrals and
# RECOMMENDATIONS recommendations with their histories (followup.py, made
# if missing, in files of 20,000), imports them through `vigie import findings` and `vigie
# import recommendations`, starts `vigie serve` on the database and prints:
#
#   - each import's seconds and peak memory;
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

RECS="${1:-100000}"
FINDINGS="${2:-10000}"
PORT=18091
# shellcheck source=lib.sh
. "$here/lib.sh"

findings="$BENCH_DIR/findings-$FINDINGS.json"
[ -f "$findings" ] && [ -f "$BENCH_DIR/recommendations-$RECS-1.json" ] \
    || python3 "$here/followup.py" --out "$BENCH_DIR" --recommendations "$RECS" --findings "$FINDINGS" >&2

fresh_storage
start_server --demo
stop_server
echo "backend $backend, $RECS recommendations, $FINDINGS findings (and the demo's)"
timed "import findings" "$VIGIE" import findings "${storage[@]}" "$findings"
for part in "$BENCH_DIR/recommendations-$RECS"-*.json; do
    timed "import $(basename "$part")" "$VIGIE" import recommendations "${storage[@]}" "$part"
done

start_server
printf 'start-up: %.2f s\n' "$(echo "$(now) - $started" | bc -l)"
uris=(
    /recommendations
    "/recommendations?country=MLI"
    "/recommendations?country=NER&status=implemented"
    /recommendations/REC-SCALE-0000007
    "/api/v1/recommendations?country=BFA"
    "/api/v1/recommendations?country=BFA&limit=1000"
    /api/v1/recommendations/dashboard
    /findings
    "/api/v1/findings?country=NER"
    /api/v1/findings/statistics
    /meetings
)
measure "${uris[@]}"
server_memory
