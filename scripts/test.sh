#!/usr/bin/env bash
# README command 2: install what is missing, build with warnings as errors, build the web UI, run
# every test (unit, storage, HTTP integration on a real server, layering, clang-format, CLI
# contract tests, web component and end-to-end tests in Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh -DMOTCUA_WERROR=ON -DBUILD_TESTING=ON
if [[ -f web/package.json ]]; then
    scripts/build-web.sh
fi
if ! ctest --test-dir build/release --output-on-failure -j "$(nproc)"; then
    # The failures' own output once more, last, where a truncated CI log still shows it.
    echo "==== failed tests, run again one at a time ===="
    ctest --test-dir build/release --rerun-failed --output-on-failure || true
    exit 1
fi
