#!/usr/bin/env bash
# Compares `ocdscardinal indicators` (0.0.8) with vigie-redflags on FILE,
# every Cardinal indicator enabled, as JSON values (ids and codes in any
# order; groups in order). Cardinal runs on one thread: on several, its
# output depends on the schedule when an ocid repeats or currencies mix.
#
#   scripts/compare-cardinal.sh CARDINAL_BINARY FILE [SETTINGS.ini]
set -euo pipefail
cardinal=$1
file=$2
settings=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$settings" ]; then
  settings=$work/all.ini
  printf '[%s]\n' R003 R018 R024 R025 R028 R030 R035 R036 R038 R048 R058 > "$settings"
fi
root=$(cd "$(dirname "$0")/../../.." && pwd)
cargo build --quiet --release -p vigie-redflags --example redflags --manifest-path "$root/Cargo.toml"
RAYON_NUM_THREADS=1 "$cardinal" indicators --settings "$settings" "$file" > "$work/cardinal.json" 2>/dev/null
"$root/target/release/examples/redflags" "$file" --settings "$settings" > "$work/vigie.json" 2>/dev/null
python3 - "$work/cardinal.json" "$work/vigie.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
same = list(a) == list(b) and a == b
if not same:
    print("groups:", list(a), list(b))
    for g in sorted(set(a) | set(b)):
        ga, gb = a.get(g, {}), b.get(g, {})
        diff = [(k, ga.get(k), gb.get(k)) for k in sorted(set(ga) | set(gb)) if ga.get(k) != gb.get(k)]
        if diff:
            print(g, diff[:20])
print("SAME" if same else "DIFFERENT")
sys.exit(0 if same else 1)
PY
