#!/usr/bin/env bash
# Formats every C++ source of the repository in place with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' '*.h' | xargs clang-format -i
