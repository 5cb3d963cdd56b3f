// The dashboard's drill-down against a fake API: a number opens its dossiers one page at a time,
// with the total, "Trang 2/5", previous and next links that keep the page in the address, and a
// total made of several metrics paged as one list (each page asks only the metrics it shows).
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { i18n } from '../src/i18n'
import type { DrillItem } from '../src/lib/dashboard'
import { session } from '../src/lib/session'

const totals: Record<string, number> = {}
const requests: string[] = []

const dossier = (metric: string, n: number): DrillItem => ({
  id: (metric.length * 10_000 + n) * 7,
  code: `${metric}-${String(n).padStart(4, '0')}`,
  agency: '000.00.21.H99',
  procedure: '1.001193',
  sector: 'HT',
  channel: 'online',
  status: 10,
  status_name: 'returned',
  received_at: '2026-10-05T08:00',
  due_at: '2026-10-06T17:00',
  finished_at: '2026-10-06T10:00',
  verdict: 'early',
  overruns: [],
})

const indicator = {
  period: { label: 'Quý IV/2026', kind: 'quarter', from: '2026-10-01', to: '2026-12-31' },
  as_of: '2026-11-26T08:00',
  scope: { agency: null, agency_name: 'Toàn tỉnh' },
  score: 80,
  max_points: 100,
  computable_points: 90,
  score_of_computable: 88.9,
  on_time_percent: 97.5,
  band: 'good',
  band_vi: 'Tốt',
  groups: [],
}
const report = {
  period: { label: 'Quý IV/2026', from: '2026-10-01', to: '2026-12-31' },
  as_of: '2026-11-26T08:00',
  agency: null,
  agency_name: 'Toàn tỉnh',
  total: {
    code: null,
    name: 'Toàn tỉnh',
    figures: {
      to_settle: 0,
      carried_over: 0,
      received: 0,
      received_online: 0,
      received_direct: 0,
      received_postal: 0,
      settled: 0,
      settled_early: 0,
      settled_on_time: 0,
      settled_late: 0,
      pending: 0,
      pending_in_time: 0,
      pending_overdue: 0,
    },
  },
}

async function fakeGet(url: string) {
  requests.push(url)
  const u = new URL(url, 'http://x')
  if (u.pathname === '/api/indicators/766') return indicator
  if (u.pathname === '/api/reports/settlement') return report
  if (u.pathname === '/api/indicators/766/dossiers') {
    const metric = u.searchParams.get('metric')!
    const offset = Number(u.searchParams.get('offset') ?? 0)
    const limit = Number(u.searchParams.get('limit'))
    const total = totals[metric] ?? 0
    const items = []
    for (let n = offset; n < Math.min(total, offset + limit); n++) items.push(dossier(metric, n + 1))
    return { total, sum: 0, items }
  }
  throw new Error(`unexpected ${url}`)
}

vi.mock('../src/api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/api/client')>()),
  get: (url: string) => fakeGet(url),
}))
vi.mock('../src/api', () => ({ listAgencies: vi.fn(async () => []) }))
vi.mock('../src/lib/charts', () => ({ draw: () => ({ dispose() {}, resize() {} }) }))

let router: Router
async function mountPage(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/can-bo/chi-so', name: 'dashboard', component: () => import('../src/views/office/DashboardView.vue') },
      { path: '/can-bo/ho-so', name: 'office-dossier', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  await router.isReady()
  const App = { template: '<RouterView />' }
  const w = mount(App, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return w
}

const codes = (w: VueWrapper) => w.get('[data-testid=drill]').findAll('tbody tr td:first-child').map((td) => td.text())
const drillRequests = () =>
  requests
    .filter((r) => r.startsWith('/api/indicators/766/dossiers'))
    .map((r) => {
      const q = new URL(r, 'http://x').searchParams
      return `${q.get('metric')} ${q.get('offset') ?? 0}+${q.get('limit')}`
    })

describe('DashboardView drill-down paging', () => {
  beforeEach(() => {
    for (const k of Object.keys(totals)) delete totals[k]
    requests.length = 0
    session.user = { id: 5, username: 'kiemsoat', display_name: 'Kiểm soát', role: 'province_controller', agency_code: '', demo: true }
    session.checked = true
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('pages through one metric with the total, "Trang n/m", previous and next', async () => {
    totals.settled_early = 120
    const w = await mountPage('/can-bo/chi-so?ky=2026-Q4&chi-tieu=settled_early')
    expect(w.get('[data-testid=drill-total]').text()).toBe('Hồ sơ 1–50 trong tổng số 120 hồ sơ')
    expect(w.get('[data-testid=drill-page]').text()).toBe('Trang 1/3')
    expect(codes(w)).toHaveLength(50)
    expect(codes(w)[0]).toBe('settled_early-0001')
    expect(w.find('[data-testid=drill-prev]').exists()).toBe(false)
    const nav = w.get('[data-testid=drill-pages]')
    expect(nav.element.tagName).toBe('NAV')
    expect(nav.attributes('aria-label')).toBe('Các trang của danh sách hồ sơ')
    expect(w.get('[data-testid=drill-next]').text()).toBe('Trang sau: Trang 2/3')

    await w.get('[data-testid=drill-next]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.trang).toBe('2')
    expect(w.get('[data-testid=drill-page]').text()).toBe('Trang 2/3')
    expect(codes(w)[0]).toBe('settled_early-0051')
    expect(document.activeElement?.id).toBe('drill-title')

    await w.get('[data-testid=drill-next]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid=drill-total]').text()).toBe('Hồ sơ 101–120 trong tổng số 120 hồ sơ')
    expect(codes(w)).toHaveLength(20)
    expect(w.find('[data-testid=drill-next]').exists()).toBe(false)
    expect(drillRequests()).toEqual(['settled_early 0+50', 'settled_early 50+50', 'settled_early 100+20'])

    await w.get('[data-testid=drill-prev]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid=drill-page]').text()).toBe('Trang 2/3')
    expect(router.currentRoute.value.query.trang).toBe('2')

    // Another number starts again at page 1.
    totals.settled_late = 3
    await w.get('[data-testid=figure-settledLate]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.trang).toBeUndefined()
    expect(w.get('[data-testid=drill-total]').text()).toBe('3 hồ sơ')
    expect(w.find('[data-testid=drill-pages]').exists()).toBe(false)
    w.unmount()
  })

  it('opens at the page in the address, and pages a total of several metrics as one list', async () => {
    totals.settled_early = 30
    totals.settled_on_time = 45
    totals.settled_late = 0
    totals.settled_without_verdict = 80
    const w = await mountPage(
      '/can-bo/chi-so?ky=2026-Q4&chi-tieu=settled_early,settled_on_time,settled_late,settled_without_verdict&trang=2',
    )
    expect(w.get('[data-testid=drill-page]').text()).toBe('Trang 2/4')
    expect(w.get('[data-testid=drill-total]').text()).toBe('Hồ sơ 51–100 trong tổng số 155 hồ sơ')
    const shown = codes(w)
    expect(shown).toHaveLength(50)
    expect(shown[0]).toBe('settled_on_time-0021')
    expect(shown[24]).toBe('settled_on_time-0045')
    expect(shown[25]).toBe('settled_without_verdict-0001')
    expect(shown[49]).toBe('settled_without_verdict-0025')
    // The totals from the first pages, then only what page 2 needs beyond them.
    expect(drillRequests()).toEqual([
      'settled_early 0+50',
      'settled_on_time 0+50',
      'settled_late 0+50',
      'settled_without_verdict 0+50',
    ])
    await w.get('[data-testid=drill-next]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid=drill-page]').text()).toBe('Trang 3/4')
    expect(codes(w)).toEqual(Array.from({ length: 50 }, (_, i) => `settled_without_verdict-${String(26 + i).padStart(4, '0')}`))
    expect(drillRequests().slice(4)).toEqual(['settled_without_verdict 25+50'])
    expect(w.find('[data-testid=drill-next]').exists()).toBe(true)
    w.unmount()
  })

  it('shows English paging in English', async () => {
    const { setLocale } = await import('../src/i18n')
    await setLocale('en')
    try {
      totals.pending = 51
      const w = await mountPage('/can-bo/chi-so?ky=2026-Q4&chi-tieu=pending&trang=2')
      expect(w.get('[data-testid=drill-page]').text()).toBe('Page 2 of 2')
      expect(w.get('[data-testid=drill-total]').text()).toBe('51–51 of 51 dossiers')
      expect(w.get('[data-testid=drill-prev]').text()).toBe('Previous page: Page 1 of 2')
      w.unmount()
    } finally {
      await setLocale('vi')
    }
  })
})
