#!/usr/bin/env bash
# Benchmark getting OCDS data in (issue 15, item 6):
#   - `vigie prepare` against its peer `ocdscardinal prepare` 0.0.8, same
#     settings, same input, same run; the ratio is Cardinal's time / Vigie's;
#   - `vigie import ocds` into a fresh embedded database (SQLite): releases
#     per second and the server's peak memory.
#
#   CARDINAL=/path/to/ocdscardinal bash bench/import/run.sh [10k|100k|1m ...]
#
# Inputs come from bench/redflags/generate.py (shapes `real`, the 510 real
# compiled releases repeated, and `bids`, synthetic bid-heavy processes), made
# if missing. Each measurement is the median of REPS runs, bounded by
# `timeout $TIMEOUT`.
#
# Environment:
#   VIGIE      vigie binary (default target/release/vigie)
#   CARDINAL   ocdscardinal 0.0.8 binary (optional; never built or fetched here)
#   BENCH_DIR  inputs and outputs (default target/bench-import; never in git)
#   SHAPES     default "real bids"
#   REPS       runs per measurement (default 3)
#   TIMEOUT    seconds per run (default 3600)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

VIGIE="${VIGIE:-target/release/vigie}"
CARDINAL="${CARDINAL:-}"
BENCH_DIR="${BENCH_DIR:-target/bench-import}"
SHAPES="${SHAPES:-real bids}"
REPS="${REPS:-3}"
TIMEOUT="${TIMEOUT:-3600}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10k 100k)

[ -x "$VIGIE" ] || { echo "error: $VIGIE not found: cargo build --release -p vigie" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: GNU time is required: apt-get install time" >&2; exit 1; }
mkdir -p "$BENCH_DIR"

# Every prepare rule on, as in Cardinal's documentation.
settings="$BENCH_DIR/prepare.ini"
cat >"$settings" <<'INI'
[defaults]
currency = UAH
item_classification_scheme = UNSPSC
bid_status = valid
award_status = active
party_roles = true

[redactions]
amount = 0|99999999
organization_id = 0|null

[codelists.bid_status]
qualified = valid

[codelists.award_status]
Active = active

[corrections]
award_status_by_contract_status = true

[modifications]
move_auctions = true
split_procurement_method_details = -
INI

# Runs a command REPS times; prints "median_seconds max_rss_kb".
measure() {
    local times=() rss=0 out
    for _ in $(seq "$REPS"); do
        [ -n "${BEFORE:-}" ] && eval "$BEFORE"
        /usr/bin/time -o "$BENCH_DIR/time" -f '%e %M' timeout "$TIMEOUT" "$@" >/dev/null 2>&1 \
            || { echo "error: failed: $*" >&2; exit 1; }
        out=$(tail -1 "$BENCH_DIR/time")
        times+=("${out% *}")
        [ "${out#* }" -gt "$rss" ] && rss="${out#* }"
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {print a[int((NR+1)/2)], rss}'
}

printf '%-6s %-5s %-22s %9s %12s %9s %8s\n' shape size command seconds releases/s "MiB" ratio
for size in "${sizes[@]}"; do
    for shape in $SHAPES; do
        input="$BENCH_DIR/$shape-$size.jsonl"
        [ -f "$input" ] || python3 bench/redflags/generate.py --out "$BENCH_DIR" --shapes "$shape" --sizes "$size" >&2
        lines=$(wc -l <"$input")
        cat "$input" >/dev/null # warm the page cache

        read -r vs vm < <(measure "$VIGIE" prepare -s "$settings" -o "$BENCH_DIR/vigie.out" -e "$BENCH_DIR/vigie.err" "$input")
        ratio="-"
        if [ -n "$CARDINAL" ]; then
            read -r cs cm < <(measure "$CARDINAL" prepare -s "$settings" -o "$BENCH_DIR/cardinal.out" -e "$BENCH_DIR/cardinal.err" "$input")
            ratio=$(awk -v c="$cs" -v v="$vs" 'BEGIN {printf "%.2f", c / v}')
            printf '%-6s %-5s %-22s %9s %12.0f %9.1f %8s\n' "$shape" "$size" "cardinal prepare" "$cs" "$(awk -v n="$lines" -v s="$cs" 'BEGIN {print n / s}')" "$(awk -v k="$cm" 'BEGIN {print k / 1024}')" ""
            # Cardinal writes rows in the order its threads start lines; compare sorted.
            cmp -s <(sort "$BENCH_DIR/vigie.err") <(sort "$BENCH_DIR/cardinal.err") || echo "  note: issue rows differ from Cardinal's" >&2
        fi
        printf '%-6s %-5s %-22s %9s %12.0f %9.1f %8s\n' "$shape" "$size" "vigie prepare" "$vs" "$(awk -v n="$lines" -v s="$vs" 'BEGIN {print n / s}')" "$(awk -v k="$vm" 'BEGIN {print k / 1024}')" "$ratio"

        data="$BENCH_DIR/data"
        # Each run into a fresh database, migrated beforehand (not timed).
        read -r is im < <(BEFORE="rm -rf '$data' && '$VIGIE' migrate --data-dir '$data' >/dev/null 2>&1" \
            measure "$VIGIE" import ocds --data-dir "$data" --country BFA "$input")
        printf '%-6s %-5s %-22s %9s %12.0f %9.1f %8s\n' "$shape" "$size" "vigie import (sqlite)" "$is" "$(awk -v n="$lines" -v s="$is" 'BEGIN {print n / s}')" "$(awk -v k="$im" 'BEGIN {print k / 1024}')" ""
    done
done
