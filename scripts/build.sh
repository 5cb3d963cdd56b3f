#!/usr/bin/env bash
# Installs missing packages and builds the release preset; leaves the executable at build/motcua.
# Extra arguments go to the CMake configure step (e.g. -DMOTCUA_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release "$@" >/dev/null
cmake --build --preset release -j "$(nproc)"
