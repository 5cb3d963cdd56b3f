#!/usr/bin/env bash
# HTTP API benchmark (docs/PERFORMANCE.md, "HTTP API"): one run on loopback against a real
# `motcua serve` on a seeded database, every figure next to GET /healthz measured in the same
# run (the server's own limit: routing, Beast, one trivial read) and next to its bar. Not a
# test: nothing here fails on a timing.
#
#   bench/run_http_bench.sh [--db SEEDED.db] [--seconds N] [--connections N] [--threads N]
#
#   --db       a database made by `motcua seed-demo` to start from (copied; the copy is used).
#              Default: seed a fresh one with 20,000 dossiers (one to a few minutes).
#   --seconds  measured seconds per phase (default 10; each phase also warms up 2 s).
#   --connections / --threads  closed-loop keep-alive connections (default 64) and client
#              threads (default 2) of the load generator.
#   --no-build use build/release as it is (reruns).
#
# Phases, with the access log off, then again with it on (written to a file):
#   healthz     GET /healthz, closed loop
#   lookup      GET /api/public/dossiers/{code}?key=K over 5,000 real dossiers, closed loop
#   submit      POST /api/dossiers as the demo citizen (session cookie + CSRF token, unique
#               Idempotency-Key), online birth registration without attachments, closed loop
#   submit@2500 the same at a fixed 2,500/s (half the bar), open loop: the p99 to hold ≤ 20 ms
#   submit@half the same at half of the submit throughput just measured, open loop
# Every phase samples the server's CPU time and resident memory (VmRSS, VmHWM). Finally
# SIGTERM, and the server must exit 0 (graceful shutdown).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

template=""
seconds=10
connections=64
threads=2
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --db) template=$(realpath "$2"); shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

# 1. Release build of the server and the load generator (shared build lock).
if [[ $build == 1 ]]; then
    if [[ ! -f build/release/build.ninja ]]; then
        flock /tmp/motcua-build.lock cmake --preset release >/dev/null
    fi
    if ! log=$(flock /tmp/motcua-build.lock cmake --build build/release \
        --target motcua motcua_bench_http -j2 2>&1); then
        echo "$log" >&2
        exit 1
    fi
fi
work=$(mktemp -d /tmp/motcua-http-bench.XXXXXX)
# Private copies: a rebuild of build/release during the run must not change what is measured.
cp build/release/src/app/motcua build/release/bench/motcua_bench_http "$work/"
motcua="$work/motcua"
bench="$work/motcua_bench_http"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# 2. The database.
db="$work/motcua.db"
if [[ -n "$template" ]]; then
    cp "$template" "$db"
    echo "== database: copy of $template"
else
    echo "== seeding 20,000 dossiers"
    "$motcua" seed-demo --db "$db" --dossiers 20000 2>/dev/null
fi
sqlite3 "$db" "SELECT '/api/public/dossiers/' || code || '?key=' || verification_key
               FROM dossiers ORDER BY random() LIMIT 5000" >"$work/lookups.txt"
echo "== $(wc -l <"$work/lookups.txt") lookup targets"

# An online birth registration at a commune, no attachments (tests/integration/test_server.cpp).
cat >"$work/submission.json" <<'EOF'
{"procedure_code":"1.001193","agency_code":"000.00.21.H99","channel":"online","applicant":{"name":"Nguyễn Văn An","id_number":"001090000001","phone":"0912345678","address":"Thôn Đông, xã Minh Khai"},"components":["TP1","TP2","TP3"]}
EOF

# Rate limits lifted for the load generator's single address and single account.
write_config() {  # $1: access_log value
    cat <<EOF
{"address": "127.0.0.1", "access_log": "$1",
 "rate_limits": {"per_ip": {"per_second": 1e9, "burst": 1e9},
                 "per_account": {"per_second": 1e9, "burst": 1e9}}}
EOF
}

port=""
start_server() {  # $1: config file
    "$motcua" serve --db "$db" --port 0 --config "$1" --demo >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    port=""
    for _ in $(seq 200); do
        port=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/serve.out" | head -1 | sed 's/.*://') || true
        [[ -n "$port" ]] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n "$port" ]] || { echo "server did not start" >&2; exit 1; }
}

stop_server() {
    kill -TERM "$server_pid"
    local status=0
    wait "$server_pid" || status=$?
    server_pid=""
    if [[ $status -ne 0 ]]; then
        echo "!! server exited with status $status after SIGTERM" >&2
        cat "$work/serve.err" >&2
        exit 1
    fi
    echo "== SIGTERM: server drained and exited 0"
}

results="$work/results.txt"
: >"$results"
phase() {  # $1: label, rest: load generator options
    local label=$1
    shift
    "$bench" --port "$port" --pid "$server_pid" --label "$label" --duration "$seconds" \
        --warmup 2 --threads "$threads" "$@" | tee -a "$results"
    if ! tail -1 "$results" | grep -q ' errors=0 transport=0 '; then
        echo "!! $label: failures; the server's last log lines:" >&2
        tail -3 "$work/serve.out" "$work/serve.err" >&2
    fi
}

run_all() {  # $1: suffix of the labels
    local s=$1
    curl -sf -c "$work/jar" -H 'Content-Type: application/json' \
        -d '{"username":"congdan","password":"demo@2026"}' \
        "http://127.0.0.1:$port/api/auth/login" >"$work/login.json"
    local session csrf
    session=$(awk '$6 == "motcua_session" { print $7 }' "$work/jar")
    csrf=$(jq -r .csrf_token "$work/login.json")
    local submit=(--method POST --target /api/dossiers --body-file "$work/submission.json"
        --header "Cookie: motcua_session=$session" --header "X-CSRF-Token: $csrf" --expect 201)

    phase "healthz$s" --connections "$connections" --target /healthz
    phase "lookup$s" --connections "$connections" --targets "$work/lookups.txt"
    phase "submit$s" --connections "$connections" --idempotency-prefix "c$s$$" "${submit[@]}"
    if [[ -z "$s" ]]; then
        phase "submit@2500" --connections 256 --rate 2500 --idempotency-prefix "o$$" "${submit[@]}"
        local max half
        max=$(grep '^label=submit ' "$results" | grep -oE 'ok_rps=[0-9]+' | cut -d= -f2)
        half=$(( max / 2 > 0 ? max / 2 : 1 ))
        phase "submit@half" --connections 256 --rate "$half" --idempotency-prefix "h$$" "${submit[@]}"
    fi
}

# 3. Access log off, then on.
write_config off >"$work/off.json"
start_server "$work/off.json"
echo "== access log off: server pid $server_pid on port $port"
run_all ""
stop_server

write_config "$work/access.log" >"$work/on.json"
start_server "$work/on.json"
echo "== access log on ($work/access.log): server pid $server_pid on port $port"
run_all "+log"
stop_server
echo "== access log: $(wc -l <"$work/access.log") lines"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# 4. The table: throughput as a ratio to /healthz of the same server, next to its bar; server
#    CPU per request; the largest VmRSS seen; failed requests; cores used meanwhile by every
#    other process on the machine (the noise).
echo
awk '
function field(line, key,   i, n, kv) {
    n = split(line, parts, " ")
    for (i = 1; i <= n; ++i) {
        split(parts[i], kv, "=")
        if (kv[1] == key) return kv[2]
    }
    return ""
}
{ lines[NR] = $0; label[NR] = field($0, "label") }
label[NR] == "healthz" { base[""] = field($0, "ok_rps") }
label[NR] == "healthz+log" { base["+log"] = field($0, "ok_rps") }
END {
    printf "%-14s %9s %8s %8s %8s %9s %7s %6s %6s  %s\n", "phase", "ok/s", "×healthz", \
        "p50 ms", "p99 ms", "srv µs/rq", "RSS MB", "errors", "others", "bar"
    for (i = 1; i <= NR; ++i) {
        l = label[i]; rps = field(lines[i], "ok_rps"); p99 = field(lines[i], "p99_ms")
        suffix = (l ~ /\+log$/) ? "+log" : ""
        bar = ""
        if (l ~ /^lookup/) bar = (rps >= 40000 ? "met" : "NOT met") " (≥ 40,000/s)"
        if (l ~ /^submit(\+log)?$/) bar = (rps >= 5000 ? "met" : "NOT met") " (≥ 5,000/s)"
        if (l == "submit@2500") bar = (p99 <= 20 ? "met" : "NOT met") " (p99 ≤ 20 ms at 2,500/s)"
        hwm = field(lines[i], "server_hwm_mb") + 0
        if (hwm > peak[suffix]) peak[suffix] = hwm
        printf "%-14s %9.0f %8.3f %8s %8s %9s %7s %6s %6s  %s\n", l, rps, \
            (base[suffix] > 0 ? rps / base[suffix] : 0), \
            field(lines[i], "p50_ms"), p99, field(lines[i], "server_cpu_us"), \
            field(lines[i], "server_rss_mb"), field(lines[i], "errors") + field(lines[i], "transport"), \
            field(lines[i], "other_cores"), bar
    }
    for (s in peak) {
        printf "peak resident memory (VmHWM) of the server%s: %.0f MB, %s (≤ 200 MB)\n", \
            (s == "" ? "" : " with the access log"), peak[s], (peak[s] <= 200 ? "met" : "NOT met")
    }
}' "$results"
