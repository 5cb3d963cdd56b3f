#!/usr/bin/env bash
# CTest `cli_database`: the database commands end to end on a real SQLite file — migrate,
# seed-demo, verify-audit (including a tampered event), rebuild-projections, backup, and the
# catalog export / import / search round trip, with their exit codes.
set -uo pipefail
motcua=${1:?usage: db_cli_test.sh MOTCUA_BINARY}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
failures=()
ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    failures+=("$*")
    echo "FAIL: $*"
}

# expect NAME STATUS PATTERN ARGS...: exit STATUS and stdout+stderr matching PATTERN (grep -E).
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    "$motcua" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [[ $rc -ne $want ]]; then
        fail "$name: exit $rc (want $want): $(cat "$tmp/out" "$tmp/err" | head -5)"
    elif ! cat "$tmp/out" "$tmp/err" | grep -qE "$pattern"; then
        fail "$name: output does not match /$pattern/: $(cat "$tmp/out" "$tmp/err" | head -5)"
    else
        ok
    fi
}

# one_error_line NAME: the last command wrote exactly one line on stderr.
one_error_line() {
    if [[ $(wc -l <"$tmp/err") -eq 1 ]]; then ok; else fail "$1: stderr is not one line"; fi
}

db=$tmp/demo.db
expect migrate 0 "schema version [0-9]+" migrate --db "$db"
expect seed 0 "300 dossiers" seed-demo --db "$db" --dossiers 300 --seed 7
expect seed_again 1 "already has data" seed-demo --db "$db" --dossiers 10
one_error_line seed_again
expect seed_negative 2 "must not be negative" seed-demo --db "$tmp/other.db" --dossiers=-5
expect verify 0 "audit chain intact: [0-9]+ events" verify-audit --db "$db"
expect verify_kpi 0 "300 dossiers, [0-9]+ events replayed, [0-9]+ counters recomputed, 0 differ" \
    verify-kpi --db "$db"
expect rebuild 0 "300 dossiers, [0-9]+ events replayed, 0 projections differ" \
    rebuild-projections --db "$db"
expect backup 0 "backed up" backup --db "$db" --to "$tmp/copy.db"
expect verify_copy 0 "audit chain intact" verify-audit --db "$tmp/copy.db"
expect search 0 "Đăng ký kết hôn" catalog search --db "$db" "dang ky ket hon"
expect simplification 0 "^total" catalog simplification --db "$db" --decision "1847/QĐ-UBND"
expect simplification_unknown 2 "no simplification reviews" catalog simplification --db "$db" --decision "0/QĐ"

# Deterministic: the same seed builds the same province.
"$motcua" seed-demo --db "$tmp/again.db" --dossiers 300 --seed 7 >"$tmp/again.txt" 2>/dev/null
"$motcua" seed-demo --db "$tmp/again2.db" --dossiers 300 --seed 7 >"$tmp/again2.txt" 2>/dev/null
if diff <(sed 's/ in [0-9.]* s.*//' "$tmp/again.txt") <(sed 's/ in [0-9.]* s.*//' "$tmp/again2.txt") >/dev/null; then
    ok
else
    fail "seed_deterministic: two runs with one seed differ"
fi

# Catalog round trip: export, import into a fresh database, export again: same content.
expect export_json 0 "exported [0-9]+ procedures" catalog export --db "$db" --to "$tmp/cat.json" --on 2026-11-20
expect export_xlsx 0 "exported [0-9]+ procedures" catalog export --db "$db" --to "$tmp/cat.xlsx" --on 2026-11-20
expect import_xlsx 0 "imported [0-9]+ procedures" catalog import --db "$tmp/fresh.db" "$tmp/cat.xlsx" \
    --decision "10/QĐ-UBND" --effective 2026-01-01
expect export_again 0 "exported" catalog export --db "$tmp/fresh.db" --to "$tmp/cat2.json" --on 2026-11-20
if cmp -s "$tmp/cat.json" "$tmp/cat2.json"; then ok; else fail "catalog_round_trip: exports differ"; fi
# A bad file is refused with one line and keeps nothing.
printf '[{"MATTHC": "1.000001", "TENTTHC": ""}]' >"$tmp/bad.json"
expect import_bad 2 "record 1" catalog import --db "$tmp/fresh.db" "$tmp/bad.json" \
    --decision "11/QĐ-UBND" --effective 2026-02-01
one_error_line import_bad
expect import_again_same_decision 1 "already published" catalog import --db "$tmp/fresh.db" \
    "$tmp/cat.json" --decision "10/QĐ-UBND" --effective 2026-03-01
expect export_unchanged 0 "exported" catalog export --db "$tmp/fresh.db" --to "$tmp/cat3.json" --on 2026-11-20
if cmp -s "$tmp/cat.json" "$tmp/cat3.json"; then ok; else fail "failed_import_kept_something"; fi

# Tampering with one stored event is detected and named.
if command -v sqlite3 >/dev/null; then
    sqlite3 "$db" "UPDATE events SET data = replace(data, '\"seq\":', '\"seq\": ') WHERE id = 42"
    expect verify_tampered 1 "broken at event 42" verify-audit --db "$db"
    one_error_line verify_tampered
else
    fail "sqlite3 command missing (scripts/debian-packages.txt installs it)"
fi

# serve: start-up errors are one line and a non-zero exit; it never starts half-configured.
printf '{"port": 8080, "colour": "blue"}' >"$tmp/serve.json"
expect serve_unknown_key 2 "unknown key 'colour'" serve --db "$tmp/serve.db" --config "$tmp/serve.json"
one_error_line serve_unknown_key
printf '{"port": "eighty"}' >"$tmp/serve.json"
expect serve_bad_type 2 "'port' must be" serve --db "$tmp/serve.db" --config "$tmp/serve.json"
expect serve_no_config 2 "cannot read config file" serve --db "$tmp/serve.db" --config "$tmp/none.json"
expect serve_no_web 2 "index.html" serve --db "$tmp/serve.db" --port 0 --web "$tmp"
one_error_line serve_no_web

# serve answers on the port it logs, and SIGTERM stops it cleanly (exit 0).
"$motcua" serve --db "$tmp/serve.db" --port 0 --address 127.0.0.1 >"$tmp/serve.out" 2>&1 &
serve_pid=$!
port=
for _ in $(seq 100); do
    port=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$tmp/serve.out" | head -1 | sed 's/.*://')
    [[ -n $port ]] && break
    sleep 0.1
done
if [[ -n $port ]] && exec 3<>"/dev/tcp/127.0.0.1/$port"; then
    printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3
    if grep -q '"status":"ok"' <&3; then ok; else fail "serve_healthz: no ok answer"; fi
    exec 3>&-
else
    fail "serve_start: no port logged: $(head -3 "$tmp/serve.out")"
fi
kill -TERM "$serve_pid"
if wait "$serve_pid"; then ok; else fail "serve_sigterm: exit $?"; fi

echo "$passed passed, $failed failed"
for f in "${failures[@]}"; do echo "FAIL: $f"; done
[[ $failed -eq 0 ]]
