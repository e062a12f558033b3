#!/usr/bin/env bash
# Benchmark `vigie redflags` against its peer, Cardinal (`ocdscardinal indicators`).
#
#   CARDINAL=/path/to/ocdscardinal bash bench/redflags/run.sh [10k|100k|1m ...]
#
# Sizes default to "10k 100k". For each shape (real, bids) and size it generates
# the input if missing (bench/redflags/generate.py), warms the page cache, and
# times REPS runs (median reported) of:
#   vigie   $VIGIE redflags FILE --settings S.ini          (if $VIGIE runs `redflags`)
#   parse   $VIGIE redflags FILE --parse-only
#           (only if `vigie redflags --help` lists --parse-only; $VIGIE_PARSE_FLAG overrides the flag)
#   peer    $CARDINAL indicators --settings S.ini FILE     (if $CARDINAL is set)
# then checks that vigie's JSON equals the peer's (floats within 1e-9) and prints
# a table. Every run is bounded by `timeout $TIMEOUT`.
#
# Environment:
#   VIGIE      vigie binary (default target/release/vigie; skipped if absent)
#   CARDINAL   ocdscardinal 0.0.8 binary (optional; see bench/redflags/README.md)
#   BENCH_DIR  where inputs, settings and outputs go (default target/bench-redflags; never in git)
#   SHAPES     default "real bids"
#   REPS       runs per measurement (default 3)
#   TIMEOUT    seconds allowed per run (default 1800)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

VIGIE="${VIGIE:-target/release/vigie}"
CARDINAL="${CARDINAL:-}"
BENCH_DIR="${BENCH_DIR:-target/bench-redflags}"
SHAPES="${SHAPES:-real bids}"
REPS="${REPS:-3}"
TIMEOUT="${TIMEOUT:-1800}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10k 100k)

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing GNU time (apt-get install time)" >&2
        apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else
        echo "error: /usr/bin/time (GNU time) is required: apt-get install time" >&2
        exit 1
    fi
fi

mkdir -p "$BENCH_DIR/results"
settings="$BENCH_DIR/settings.ini"
results="$BENCH_DIR/results"
rows="$results/rows.tsv"
: >"$rows"

# All eleven indicators with their default parameters, in `ocdscardinal init`'s format.
# `currency` fixes the currency of bid amounts compared by R024, R036 and R058: without
# it Cardinal takes the first currency it meets, which differs between runs when lines
# are folded in parallel. The bids shape is in UAH, and so are the real samples' bids.
cat >"$settings" <<'EOF'
currency = UAH
; no_price_comparison_procurement_methods = Random Selection
; price_comparison_procurement_methods = Reverse Auction

[R003]
; threshold = 15
; procurement_methods = open|selective|limited

[R018]
; procurement_methods = open|selective

[R024]
; threshold = 0.05

[R025]
; percentile = 75
; threshold = 0.05

[R028]

[R030]

[R035]
; threshold = 1

[R036]

[R038]
; threshold = 0.5
; minimum_submitted_bids = 2
; minimum_contracting_processes = 2

[R048]
; digits = 2
; threshold = 10
; minimum_contracting_processes = 20

[R058]
; threshold = 0.5
EOF

have_vigie=0
parse_flag="${VIGIE_PARSE_FLAG:-}"
if [ -x "$VIGIE" ] && help="$("$VIGIE" redflags --help 2>/dev/null)"; then
    have_vigie=1
    if [ -z "$parse_flag" ] && grep -q -- '--parse-only' <<<"$help"; then
        parse_flag=--parse-only
    fi
else
    echo "note: $VIGIE has no working 'redflags' command; vigie runs skipped" >&2
fi
have_peer=0
if [ -n "$CARDINAL" ]; then
    if [ -x "$CARDINAL" ] && "$CARDINAL" --version >/dev/null 2>&1; then
        have_peer=1
    else
        echo "error: CARDINAL=$CARDINAL is not an executable ocdscardinal" >&2
        exit 1
    fi
fi

echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ $have_vigie = 1 ] && echo "vigie: $VIGIE ($("$VIGIE" --version 2>/dev/null || echo '?'))${parse_flag:+; parse-only pass: $parse_flag}"
[ $have_peer = 1 ] && echo "peer: $CARDINAL ($("$CARDINAL" --version))"
echo "settings: $settings; reps: $REPS (median)"

# run_once TOOL SHAPE SIZE CMD... : one timed run; appends "wall cpu rss" to $results/.samples-TOOL.
# Returns non-zero if the command failed or timed out.
run_once() {
    local tool=$1 shape=$2 size=$3
    shift 3
    local out="$results/$tool-$shape-$size.json" err="$results/$tool-$shape-$size.err"
    local tv="$results/.time" status=0 t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$tv" timeout "$TIMEOUT" "$@" >"$out" 2>"$err" || status=$?
    t1=$EPOCHREALTIME
    if [ $status != 0 ]; then
        echo "error: $tool on $shape-$size exited with $status (timeout is 124); see $err" >&2
        tail -3 "$err" >&2
        return 1
    fi
    printf '%s %s %s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')" \
        "$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$tv")" \
        "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")" >>"$results/.samples-$tool"
}

# row TOOL SHAPE SIZE FILE : appends the medians of TOOL's samples to $rows.
row() {
    local tool=$1 shape=$2 size=$3 file=$4 samples="$results/.samples-$1"
    [ -s "$samples" ] || return 0
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$size" "$tool" "$lines" "$(stat -c %s "$file")" \
        "$(median "$(cut -d' ' -f1 "$samples")")" "$(median "$(cut -d' ' -f2 "$samples")")" \
        "$(median "$(cut -d' ' -f3 "$samples")")" >>"$rows"
}

median() { sort -g <<<"$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

compare() { # compare VIGIE_JSON PEER_JSON -> prints "equal" or "DIFFERENT (...)"
    python3 -c '
import json, math, sys

def diff(a, b, path, out):
    if len(out) >= 5:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append("%s/%s only in %s" % (path, k, "vigie" if k in a else "peer"))
            else:
                diff(a[k], b[k], "%s/%s" % (path, k), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s/%d" % (path, i), out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        if not (a == b or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)) or (math.isnan(a) and math.isnan(b))):
            out.append("%s: %r != %r" % (path, a, b))
    elif a != b:
        out.append("%s: %r != %r" % (path, a, b))

with open(sys.argv[1]) as f:
    a = json.load(f)
with open(sys.argv[2]) as f:
    b = json.load(f)
out = []
diff(a, b, "", out)
print("equal" if not out else "DIFFERENT: " + "; ".join(out))
' "$1" "$2" 2>&1 | head -c 2000
}

verdicts=()
for size in "${sizes[@]}"; do
    size="${size,,}"
    for shape in $SHAPES; do
        file="$BENCH_DIR/$shape-$size.jsonl"
        if [ ! -s "$file" ]; then
            python3 "$here/generate.py" --out "$BENCH_DIR" --shapes "$shape" --sizes "$size"
        fi
        cat "$file" >/dev/null # warm the page cache
        lines=$(wc -l <"$file")
        tools=()
        if [ $have_vigie = 1 ]; then
            tools+=(vigie)
            [ -z "$parse_flag" ] || tools+=(parse)
        fi
        [ $have_peer = 0 ] || tools+=(peer)
        rm -f "$results"/.samples-*
        failed=" "
        # Repetitions interleave the tools, so that a burst of load elsewhere on the
        # machine hits them alike.
        for rep in $(seq "$REPS"); do
            for tool in "${tools[@]}"; do
                [[ $failed != *" $tool "* ]] || continue
                case $tool in
                vigie) cmd=("$VIGIE" redflags "$file" --settings "$settings") ;;
                parse) cmd=("$VIGIE" redflags "$file" "$parse_flag") ;;
                peer) cmd=("$CARDINAL" indicators --settings "$settings" "$file") ;;
                esac
                run_once "$tool" "$shape" "$size" "${cmd[@]}" || failed+="$tool "
            done
        done
        for tool in "${tools[@]}"; do
            [[ $failed == *" $tool "* ]] || row "$tool" "$shape" "$size" "$file"
        done
        if [ $have_vigie = 1 ] && [ $have_peer = 1 ] && [[ $failed != *" vigie "* && $failed != *" peer "* ]]; then
            verdicts+=("vigie vs peer, $shape $size: $(compare "$results/vigie-$shape-$size.json" "$results/peer-$shape-$size.json")")
        fi
    done
done

echo
if [ ! -s "$rows" ]; then
    echo "nothing measured: no run succeeded (no vigie with a 'redflags' command and no CARDINAL, or every run failed)" >&2
    exit 1
fi
python3 - "$rows" <<'EOF'
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
peer = {(r[0], r[1]): float(r[5]) for r in rows if r[2] == "peer"}
head = ("shape", "size", "tool", "releases", "MB", "seconds", "user+sys", "releases/s", "MB/s", "peak MiB", "vs peer")
table = [head]
for shape, size, tool, lines, nbytes, wall, cpu, rss in rows:
    lines, mb, wall, cpu, rss = int(lines), int(nbytes) / 1e6, float(wall), float(cpu), int(rss) / 1024
    wall_ = max(wall, 0.001)
    ratio = "%.2fx" % (peer[(shape, size)] / wall_) if tool != "peer" and (shape, size) in peer else ""
    table.append((shape, size, tool, "%d" % lines, "%.1f" % mb, "%.3f" % wall, "%.2f" % cpu,
                  "%.0f" % (lines / wall_), "%.1f" % (mb / wall_), "%.1f" % rss, ratio))
widths = [max(len(r[i]) for r in table) for i in range(len(head))]
for r in table:
    print("  ".join(c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
EOF
for verdict in ${verdicts[@]+"${verdicts[@]}"}; do
    echo "$verdict"
done
echo "outputs: $results/"
