#!/usr/bin/env bash
# README command 2: install what is missing, build with warnings as errors, run every test
# (unit, layering, clang-format, CLI contract tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh -DMOTCUA_WERROR=ON -DBUILD_TESTING=ON
ctest --test-dir build/release --output-on-failure -j "$(nproc)"
