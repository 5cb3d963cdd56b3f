#!/usr/bin/env bash
# README command 1: install what is missing, build (release) and run motcua on its embedded
# default: a SQLite file with the demo province (built on first run), the JSON API and the web
# UI at http://localhost:8080 (MOTCUA_PORT overrides), demo accounts enabled.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
web_args=()
if [[ -f web/package.json ]]; then
    scripts/build-web.sh
    web_args=(--web web/dist)
fi
db=${MOTCUA_DB:-motcua.db}
if [[ ! -s $db ]]; then
    build/motcua seed-demo --db "$db"
fi
build/motcua demo --db "$db"
exec build/motcua serve --db "$db" --port "${MOTCUA_PORT:-8080}" "${web_args[@]}" --demo "$@"
