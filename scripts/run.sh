#!/usr/bin/env bash
# README command 1: install what is missing, build (release) and run motcua on its embedded
# default: a SQLite file with the demo province (built on first run), then a tour of it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
db=${MOTCUA_DB:-motcua.db}
if [[ ! -s $db ]]; then
    build/motcua seed-demo --db "$db"
fi
exec build/motcua demo --db "$db" "$@"
