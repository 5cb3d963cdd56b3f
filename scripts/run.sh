#!/usr/bin/env bash
# README command 1: install what is missing, build (release) and run motcua on its embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/motcua demo "$@"
