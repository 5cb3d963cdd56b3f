#!/usr/bin/env bash
# CTest `clang_format`: every C++ source is formatted with the repository's .clang-format.
set -euo pipefail
clang_format=${1:-clang-format}
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' '*.h' 2>/dev/null ||
    find src bench tests -name '*.cpp' -o -name '*.hpp')
if ((${#files[@]} == 0)); then
    echo "clang_format: no sources"
    exit 1
fi
"$clang_format" --dry-run -Werror "${files[@]}"
echo "clang_format: ${#files[@]} files ok"
