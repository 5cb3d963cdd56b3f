#!/usr/bin/env node
// The slow-link budget: for every page of the citizen portal, the bytes a first visit must fetch
// before the page works (index.html, the entry script and style, their static imports, and the
// page's own lazy chunk with its imports and styles), gzip-compressed as the server sends them,
// must stay within 150 KB. Back-office pages are reported against the 300 KB first-load bar of
// the design. Reads dist/.vite/manifest.json; exits 1 when a budget is exceeded.
import { readFileSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const CITIZEN_BUDGET = 150 * 1024
const OFFICE_BUDGET = 300 * 1024

const manifestPath = join(dist, '.vite', 'manifest.json')
if (!existsSync(manifestPath)) {
  console.error(`size-budget: ${manifestPath} is missing; run "npm run build" first`)
  process.exit(2)
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const gz = new Map()
function gzSize(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length)
  return gz.get(file)
}

// Every file a manifest chunk needs before it runs: itself, its static imports, their CSS.
function closure(key, files = new Set()) {
  const chunk = manifest[key]
  if (!chunk || files.has(chunk.file)) return files
  files.add(chunk.file)
  for (const css of chunk.css ?? []) files.add(css)
  for (const imp of chunk.imports ?? []) closure(imp, files)
  return files
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
const base = closure(entryKey, new Set(['index.html']))

const pages = [
  ['Trang chủ (home)', null, 'citizen'],
  ['Thủ tục (procedure)', 'src/views/citizen/ProcedureView.vue', 'citizen'],
  ['Đăng nhập (sign-in)', 'src/views/SignInView.vue', 'citizen'],
  ['Nộp hồ sơ (wizard)', 'src/views/citizen/WizardView.vue', 'citizen'],
  ['Đã nộp (confirmation)', 'src/views/citizen/SubmittedView.vue', 'citizen'],
  ['Tra cứu (tracking)', 'src/views/citizen/TrackView.vue', 'citizen'],
  ['Hồ sơ của tôi (my dossiers)', 'src/views/citizen/MyDossiersView.vue', 'citizen'],
  ['Hồ sơ của tôi – chi tiết (my dossier)', 'src/views/citizen/MyDossierView.vue', 'citizen'],
  ['Hàng đợi (office queue)', 'src/views/office/QueueView.vue', 'office'],
  ['Hồ sơ (office dossier)', 'src/views/office/DossierView.vue', 'office'],
  ['Tiếp nhận tại quầy (counter)', 'src/views/office/CounterView.vue', 'office'],
  ['Chỉ số (dashboard)', 'src/views/office/DashboardView.vue', 'office'],
  ['Chỉ số + biểu đồ (dashboard + ECharts)', ['src/views/office/DashboardView.vue', 'src/lib/charts.ts'], 'office'],
]

let failed = false
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
console.log('Critical path per page (gzip -9):')
for (const [name, key, kind] of pages) {
  const keys = Array.isArray(key) ? key : key ? [key] : []
  if (keys.some((k) => !manifest[k])) {
    console.error(`  ${name}: chunk ${key} not in the manifest`)
    failed = true
    continue
  }
  const files = new Set(base)
  for (const k of keys) closure(k, files)
  const total = [...files].reduce((sum, f) => sum + gzSize(f), 0)
  const budget = kind === 'citizen' ? CITIZEN_BUDGET : OFFICE_BUDGET
  const ok = total <= budget
  if (!ok) failed = true
  console.log(`  ${ok ? 'ok  ' : 'OVER'} ${name.padEnd(30)} ${kb(total).padStart(9)} / ${kb(budget)} (${files.size} files)`)
}
process.exit(failed ? 1 : 0)
