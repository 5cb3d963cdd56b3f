#!/usr/bin/env bash
# Builds the web UI (web/ → web/dist) with the npm registry's packages, as locked.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
fi
npm run build
