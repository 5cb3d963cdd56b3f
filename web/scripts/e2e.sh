#!/usr/bin/env bash
# End-to-end tests of the web UI in Debian's chromium against a real `motcua serve` on a
# temporary database (e2e/portal.e2e.mjs), then the slow-link measurement of the citizen pages
# (e2e/slowlink.e2e.mjs: 400 kbit/s, 400 ms RTT; report in test-results/slow-link.json). Skips,
# exiting 0, only when /usr/bin/chromium is absent. Installs the locked npm packages if needed
# and rebuilds web/dist when a source is newer than it. MOTCUA_BIN names the executable
# (default build/debug/src/app/motcua, else build/motcua); CHROMIUM the browser.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
    echo "web e2e: SKIPPED — $chromium is not installed (apt-get install chromium)"
    exit 0
fi
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
fi
if [[ ! -f dist/index.html ]] || [[ -n $(find src index.html public vite.config.ts package.json -newer dist/index.html -print -quit) ]]; then
    npm run build
fi
node e2e/portal.e2e.mjs
exec node e2e/slowlink.e2e.mjs
