// The service-quality dashboard as data: periods (quarters), the settlement figures shown and the
// Decision 766 metric each number drills down to (src/core/kpi/facts.cpp names), report
// addresses, and the chart options (plain objects, drawn by lib/charts.ts on this page only).
import { withQuery } from '../api/client'
import { t } from '../i18n'

export interface Indicator766Group {
  group: number
  name: string
  max_points: number
  computable_points: number
  points: number
}

export interface Indicator766 {
  period: { label: string; kind: string; from: string; to: string }
  as_of: string
  scope: { agency: string | null; agency_name: string }
  score: number | null
  max_points: number
  computable_points: number
  score_of_computable: number | null
  on_time_percent: number | null
  band: string
  band_vi?: string
  groups: Indicator766Group[]
}

export interface SettlementFigures {
  to_settle: number
  carried_over: number
  received: number
  received_online: number
  received_direct: number
  received_postal: number
  settled: number
  settled_early: number
  settled_on_time: number
  settled_late: number
  pending: number
  pending_in_time: number
  pending_overdue: number
  [key: string]: unknown
}

export interface SettlementReport {
  period: { label: string; from: string; to: string }
  as_of: string
  agency: string | null
  agency_name: string
  total: { code: string | null; name: string; figures: SettlementFigures }
}

export interface DrillItem {
  id: number
  code: string
  agency: string
  procedure: string
  sector: string
  channel: string
  status: number
  status_name: string
  received_at: string | null
  due_at: string | null
  finished_at: string | null
  verdict: string
  overruns: { index: number; name: string; agency: string; overrun_minutes: number }[]
}

export interface DrillPage {
  total: number
  sum: number
  items: DrillItem[]
}

// "2026-Q4" for a date (Vietnam time is what the server uses; a UTC date is close enough for a
// default choice).
export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`
}

// The quarter of `now` and the `count - 1` before it, newest first.
export function recentQuarters(now: Date, count = 6): string[] {
  let y = now.getUTCFullYear()
  let q = Math.floor(now.getUTCMonth() / 3) + 1
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(`${y}-Q${q}`)
    q--
    if (q === 0) {
      q = 4
      y--
    }
  }
  return out
}

export const isQuarter = (s: string) => /^\d{4}-Q[1-4]$/.test(s)

// The rows of the settlement table: a label key, the number, and the metrics whose dossiers
// make it up (a total is the union of its parts: the API has no single "received" metric).
export interface FigureRow {
  key: string
  value: number
  metrics: string[]
  level: 0 | 1
}

const RECEIVED = ['received_online_self', 'received_online_assisted', 'received_counter', 'received_postal']
const SETTLED = ['settled_early', 'settled_on_time', 'settled_late', 'settled_without_verdict']

export function settlementRows(f: SettlementFigures): FigureRow[] {
  return [
    { key: 'received', value: f.received, metrics: [...RECEIVED], level: 0 },
    { key: 'receivedOnline', value: f.received_online, metrics: ['received_online_self', 'received_online_assisted'], level: 1 },
    { key: 'receivedDirect', value: f.received_direct, metrics: ['received_counter'], level: 1 },
    { key: 'receivedPostal', value: f.received_postal, metrics: ['received_postal'], level: 1 },
    { key: 'settled', value: f.settled, metrics: [...SETTLED], level: 0 },
    { key: 'settledEarly', value: f.settled_early, metrics: ['settled_early'], level: 1 },
    { key: 'settledOnTime', value: f.settled_on_time, metrics: ['settled_on_time'], level: 1 },
    { key: 'settledLate', value: f.settled_late, metrics: ['settled_late'], level: 1 },
    { key: 'pending', value: f.pending, metrics: ['pending'], level: 0 },
    { key: 'pendingOverdue', value: f.pending_overdue, metrics: ['pending_overdue'], level: 1 },
  ]
}

export const settlementUrl = (from: string, to: string, agency: string, format?: 'xlsx') =>
  withQuery('/api/reports/settlement', { from, to, agency, format })

export const indicatorUrl = (period: string, agency: string) => withQuery('/api/indicators/766', { period, agency })

export const drillUrl = (period: string, metric: string, agency: string, limit = 100, offset = 0) =>
  withQuery('/api/indicators/766/dossiers', { period, metric, agency, limit, offset: offset || undefined })

// Dossiers per page of a drill-down.
export const DRILL_PAGE = 50

// Pages of `total` dossiers (at least one: an empty list is page 1 of 1).
export const pageCount = (total: number, size = DRILL_PAGE) => Math.max(1, Math.ceil(total / size))

// The page asked for ("?trang=3"), 1 when absent or not a page number.
export function pageParam(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1
  return Math.max(1, n)
}

// A drill-down of several metrics lists their dossiers one metric after the other. The window
// [offset, offset + limit) of that list, as requests of one metric each (`index` into `totals`).
export function drillSlices(totals: number[], offset: number, limit: number): { index: number; offset: number; limit: number }[] {
  const out: { index: number; offset: number; limit: number }[] = []
  let start = 0 // where metric i starts in the whole list
  let from = offset
  const end = offset + limit
  totals.forEach((total, index) => {
    const stop = start + total
    if (from < stop && from < end) {
      const take = Math.min(stop, end) - from
      out.push({ index, offset: from - start, limit: take })
      from += take
    }
    start = stop
  })
  return out
}

// Bars of points against the maximum per indicator group.
export function groupsChart(groups: Indicator766Group[]) {
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, data: [t('dashboard.points'), t('dashboard.maxPoints')] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.name) },
    series: [
      { name: t('dashboard.points'), type: 'bar', data: groups.map((g) => g.points), itemStyle: { color: '#00703c' } },
      { name: t('dashboard.maxPoints'), type: 'bar', data: groups.map((g) => g.max_points), itemStyle: { color: '#b1b4b6' } },
    ],
  }
}

// Settled early / on time / late and pending, as a bar per outcome.
export function settlementChart(f: SettlementFigures) {
  const rows = [
    { name: t('dashboard.rows.settledEarly'), value: f.settled_early, color: '#00703c' },
    { name: t('dashboard.rows.settledOnTime'), value: f.settled_on_time, color: '#1d70b8' },
    { name: t('dashboard.rows.settledLate'), value: f.settled_late, color: '#d4351c' },
    { name: t('dashboard.rows.pending'), value: f.pending, color: '#505a5f' },
  ]
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color } })), label: { show: true, position: 'top' } }],
  }
}
