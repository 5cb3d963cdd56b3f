#!/usr/bin/env bash
# Deadline benchmark: motcua's ComputeDue against the npm date-holidays peer, measured in the same
# run on the same inputs, reported as ratios (docs/PERFORMANCE.md, "Deadline computation").
# Not a test: nothing here fails on a timing. Extra arguments go to the Google Benchmark binary
# (e.g. --benchmark_filter=working_days).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# 1. Build the release benchmark (configure once; ninja does nothing when it is up to date).
if [[ ! -f build/release/build.ninja ]]; then
    cmake --preset release >/dev/null
fi
if ! log=$(cmake --build --preset release --target motcua_bench_deadline 2>&1); then
    echo "$log" >&2
    exit 1
fi
bench=build/release/bench/motcua_bench_deadline

# 2. The peer's dependencies, from the lock file.
if [[ ! -d bench/peer/node_modules ]]; then
    (cd bench/peer && npm ci --no-audit --no-fund >/dev/null)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 3. motcua: writes the inputs and its answers for the peer, then times every case.
echo "== motcua ($bench)"
"$bench" --write_sample="$work/sample.tsv" \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/motcua.json" --benchmark_out_format=json "$@"

# 4. The peer, on the same inputs.
echo "== peer (date-holidays $(node -p 'require("./bench/peer/node_modules/date-holidays/package.json").version'), node $(node --version))"
node bench/peer/date_holidays_due.mjs --sample="$work/sample.tsv" --min-time=1 --repetitions=3 |
    tee "$work/peer.txt"

# 5. The table: calls per CPU-second on both sides (Google Benchmark's items_per_second and the
#    peer's calls_per_s), medians of the repetitions; ratio = motcua ÷ peer.
echo
node - "$work/motcua.json" "$work/peer.txt" <<'EOF'
const fs = require('fs');
const [motcuaPath, peerPath] = process.argv.slice(2);
const kBar = 5e6;  // the bar to compare against: ≥ 5 M ComputeDue/s for working days ≤ 30
const motcua = new Map();
for (const b of JSON.parse(fs.readFileSync(motcuaPath, 'utf8')).benchmarks) {
  if (b.aggregate_name === 'median' || b.run_type === 'iteration') {
    motcua.set(b.run_name, b.items_per_second);
  }
}
const peer = new Map();
let agreeTotal = '';
for (const line of fs.readFileSync(peerPath, 'utf8').trim().split('\n')) {
  const f = Object.fromEntries(line.split(' ').filter((w) => w.includes('=')).map((w) => w.split('=')));
  if (f.agree_total) agreeTotal = `${f.agree_total}/${f.of}`;
  else peer.set(`${f.mode}/${f.channel}/${f.working_days}`, f);
}
const fmt = (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : `${Math.round(v)}`);
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(a / b >= 100 ? 0 : 2)}×` : '—');
const rows = [['case', 'motcua/s', 'peer cached/s', 'ratio', 'peer isHoliday/s', 'ratio', 'bar 5 M/s', 'agree']];
for (const channel of ['online', 'paper']) {
  for (const n of [1, 5, 15, 30]) {
    const m = motcua.get(`ComputeDue/working_days:${n}/${channel}`);
    const c = peer.get(`cached/${channel}/${n}`);
    const h = peer.get(`isholiday/${channel}/${n}`);
    rows.push([
      `working_days ${n} ${channel}`,
      m ? fmt(m) : '—',
      c ? fmt(+c.calls_per_s) : '—',
      ratio(m, c && +c.calls_per_s),
      h ? fmt(+h.calls_per_s) : '—',
      ratio(m, h && +h.calls_per_s),
      m ? (m >= kBar ? 'met' : 'NOT met') : '—',
      c ? `${c.agree}/${c.of}` : '—',
    ]);
  }
}
for (const [name, v] of motcua) {
  if (!/^ComputeDue\/working_days:\d+\/(online|paper)$/.test(name)) {
    rows.push([name.replace(/^ComputeDue\//, ''), fmt(v), '', '', '', '', '', '']);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
console.log(`agreement with motcua (all ${agreeTotal.split('/')[1]} sampled deadlines): ${agreeTotal}`);
EOF
