#!/usr/bin/env node
// The slow-link standard of the citizen portal, measured in Debian's chromium against a real
// `motcua serve`: with the network throttled to 400 kbit/s both ways and 400 ms round trip
// (Chrome DevTools network emulation), how long each citizen page takes to become interactive —
// its main control visible and working — on a first visit with an empty cache, and on a later
// visit with the cache the first one left; plus the bytes that crossed the wire.
//
// The figures are a measurement, reported (stdout and web/test-results/slow-link.json) and
// recorded in docs/PERFORMANCE.md; the run fails only when a page does not become interactive at
// all (60 s) — timing bars are judged from the report, not asserted. The byte budget of every
// citizen page is enforced at build time by scripts/size-budget.mjs.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RESULTS, chromiumPresent, launch } from './browser.mjs'
import { BIN, requireBuild, startMotcua } from './server.mjs'

const KBIT = 1000 / 8 // bytes per second in one kbit/s
const LINK = { latency: 400, downloadThroughput: 400 * KBIT, uploadThroughput: 400 * KBIT, offline: false }
const BARS = { cold: 5000, warm: 2000 } // ms, from the standard (reported, not asserted)

if (!chromiumPresent()) {
  console.log('slow-link: SKIPPED — /usr/bin/chromium is not installed (apt-get install chromium)')
  process.exit(0)
}
requireBuild('slow-link')

// Loads `url` in `page` and resolves to { ms, bytes }: the time from navigation start until
// `selector` is visible (measured inside the page, so the harness's own latency is excluded),
// and the bytes transferred for the document and every resource so far.
async function interactive(page, url, selector) {
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 })
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 })
  return page.evaluate(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    return {
      ms: Math.round(performance.now()),
      bytes: entries.reduce((sum, e) => sum + (e.transferSize ?? 0), 0),
    }
  })
}

async function throttledPage(context) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', LINK)
  return page
}

async function main() {
  console.log(`slow-link: ${BIN}; 400 kbit/s, 400 ms RTT`)
  const { base } = await startMotcua({ dossiers: '20' })

  // The procedure every standard names: birth registration, found the way a citizen would.
  const search = await fetch(`${base}/api/catalog/procedures?q=${encodeURIComponent('dang ky khai sinh')}`)
  const { items } = await search.json()
  const code = items[0].code
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'congdan', password: 'demo@2026' }),
  })
  if (!login.ok) throw new Error(`login of the demo citizen: ${login.status}`)
  const session = /motcua_session=([^;]+)/.exec(login.headers.get('set-cookie'))[1]

  const pages = [
    { name: 'Trang chủ (home)', path: '/', selector: '#search-input' },
    { name: 'Thủ tục (procedure)', path: `/thu-tuc?ma=${code}`, selector: '[data-testid=start], [data-testid=resume]' },
    { name: 'Câu hỏi: họ tên (wizard question)', path: `/nop-ho-so/ho-ten?ma=${code}`, selector: '[data-testid=continue]' },
    { name: 'Tra cứu (tracking)', path: '/tra-cuu', selector: '[data-testid=track-submit]' },
  ]
  const browser = await launch()
  const rows = []
  try {
    for (const p of pages) {
      // A fresh context is a first visit: empty cache, no service worker; signed in as a citizen.
      const context = await browser.newContext({ locale: 'vi-VN' })
      await context.addCookies([{ name: 'motcua_session', value: session, url: base }])
      const page = await throttledPage(context)
      const cold = await interactive(page, `${base}${p.path}`, p.selector)
      const warm = await interactive(page, `${base}${p.path}`, p.selector)
      await context.close()
      rows.push({ page: p.name, path: p.path, cold_ms: cold.ms, cold_bytes: cold.bytes, warm_ms: warm.ms, warm_bytes: warm.bytes })
    }
  } finally {
    await browser.close()
  }

  const kb = (n) => `${(n / 1024).toFixed(1)} KB`
  console.log(`  ${'page'.padEnd(36)} first visit            later visit`)
  for (const r of rows) {
    const cold = `${String(r.cold_ms).padStart(5)} ms ${kb(r.cold_bytes).padStart(9)}`
    const warm = `${String(r.warm_ms).padStart(5)} ms ${kb(r.warm_bytes).padStart(9)}`
    const flag = r.cold_ms <= BARS.cold && r.warm_ms <= BARS.warm ? 'within 5 s / 2 s' : 'OVER 5 s / 2 s'
    console.log(`  ${r.page.padEnd(36)} ${cold}   ${warm}   ${flag}`)
  }
  const report = { link: { kbit_per_s: 400, rtt_ms: 400 }, bars_ms: BARS, pages: rows }
  writeFileSync(join(RESULTS, 'slow-link.json'), `${JSON.stringify(report, null, 2)}\n`)
  console.log(`slow-link: report in ${join(RESULTS, 'slow-link.json')}`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`slow-link: FAILED — ${e?.stack ?? e}`)
    process.exit(1)
  },
)
