# Shared by the scale benches (sourced, not run): the storage to use, the
# server started and stopped, the answers measured.
#
# Expects: the repository's root as the working directory, PORT;
# DATABASE_URL optional.

VIGIE="${VIGIE:-target/release/vigie}"
BENCH_DIR="${BENCH_DIR:-target/bench-scale}"
BENCH_DIR="$(mkdir -p "$BENCH_DIR" && cd "$BENCH_DIR" && pwd)"
REPS="${REPS:-50}"

for tool in curl python3 bc /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required" >&2; exit 1; }
done
[ -x "$VIGIE" ] || { echo "error: $VIGIE not found: cargo build --release -p vigie" >&2; exit 1; }

# A fresh database: SQLite in BENCH_DIR/data, or the PostgreSQL database
# DATABASE_URL names, its `public` schema dropped. Sets `storage` (the
# options every command takes) and `backend`.
fresh_storage() {
    data="$BENCH_DIR/data"
    rm -rf "$data"
    storage=(--data-dir "$data")
    if [ -n "${DATABASE_URL:-}" ]; then
        command -v psql >/dev/null || { echo "error: psql is required" >&2; exit 1; }
        psql -q "$DATABASE_URL" -c 'SET client_min_messages = warning' \
            -c 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;' >/dev/null
        storage+=(--database-url "$DATABASE_URL")
        backend=postgres
    else
        backend=sqlite
    fi
}

# Runs a command under GNU time; prints "LABEL: S s, peak M MiB".
timed() {
    local label=$1
    shift
    /usr/bin/time -o "$BENCH_DIR/time" -f '%e %M' "$@" >/dev/null 2>"$BENCH_DIR/stderr" \
        || { echo "error: failed: $*" >&2; tail -5 "$BENCH_DIR/stderr" >&2; exit 1; }
    read -r seconds kb <"$BENCH_DIR/time"
    printf '%s: %s s, peak %.0f MiB\n' "$label" "$seconds" "$(echo "$kb / 1024" | bc -l)"
}

server=""
stop_server() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=""
    fi
}
trap stop_server EXIT
now() { date +%s.%N; }

# Starts `vigie serve` on the storage with any further options, and waits
# until it answers; sets `server` and `started` (when it was launched).
start_server() {
    started=$(now)
    "$VIGIE" serve "${storage[@]}" --listen "127.0.0.1:$PORT" "$@" >"$BENCH_DIR/serve.log" 2>&1 &
    server=$!
    until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
        kill -0 "$server" 2>/dev/null || { echo "error: the server stopped; see $BENCH_DIR/serve.log" >&2; exit 1; }
        sleep 0.05
    done
}

# For each URI: the first answer ("cold") and the p50/p95 of REPS more, in ms.
measure() {
    local uri url cold p50 p95
    printf '%-60s %9s %9s %9s\n' answer "cold ms" "p50 ms" "p95 ms"
    for uri in "$@"; do
        url="http://127.0.0.1:$PORT$uri"
        cold=$(curl -s -o /dev/null -w '%{time_total}' "$url" | awk '{printf "%.1f", $1 * 1000}')
        read -r p50 p95 < <(for _ in $(seq "$REPS"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done \
            | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f\n", a[int(NR*0.5+0.5)]*1000, a[int(NR*0.95+0.5)]*1000}')
        printf '%-60s %9s %9s %9s\n' "$uri" "$cold" "$p50" "$p95"
    done
}

# The server's peak and current resident memory.
server_memory() {
    awk '/VmHWM|VmRSS/ {printf "server %s %.0f MiB\n", $1, $2 / 1024}' "/proc/$server/status"
}
