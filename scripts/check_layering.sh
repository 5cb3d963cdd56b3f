#!/usr/bin/env bash
# CTest `layering`: fails when a module includes what STYLE.md §1 forbids.
#   common ← core ← {storage, integrations, render, http} ← app
set -uo pipefail
src=${1:?usage: check_layering.sh SRC_DIR}
status=0
# check DIR REGEX WHY: every match of REGEX in DIR's sources is a violation.
check() {
    local dir=$1 regex=$2 why=$3
    [[ -d $src/$dir ]] || return 0
    local hits
    hits=$(grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' "$regex" "$src/$dir" || true)
    if [[ -n $hits ]]; then
        echo "layering violation ($why):"
        echo "$hits"
        status=1
    fi
}
check common '#include[[:space:]]+"(core|storage|integrations|render|http|app)/' \
    "common depends on nothing of ours"
check core '#include[[:space:]]+"(storage|integrations|render|http|app)/' \
    "core sees only common"
check core '#include[[:space:]]+<(sqlite3\.h|libpq-fe\.h|boost/|nlohmann/|spdlog/|cairo|pango|xlsxwriter|qrencode|fstream|filesystem|iostream|thread|mutex)' \
    "core is pure: no I/O, SQL, sockets, JSON, logging or threads"
check core '(std::cout|std::cerr|fopen|std::ifstream|std::ofstream|system_clock::now)' \
    "core does no I/O and never reads the clock"
for ring in storage integrations render http; do
    for other in storage integrations render http app; do
        [[ $ring == "$other" ]] && continue
        check "$ring" "#include[[:space:]]+\"$other/" "$ring must not include $other/"
    done
done
check http '#include[[:space:]]+<(sqlite3\.h|libpq-fe\.h)>' "http never sees SQL"
if ((status == 0)); then
    echo "layering: ok"
fi
exit $status
