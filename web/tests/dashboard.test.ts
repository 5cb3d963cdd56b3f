// The dashboard's data: quarters, the settlement rows and the metric each number drills down to,
// report addresses (XLSX), and the chart options built from the figures.
import { describe, expect, it } from 'vitest'
import {
  drillSlices,
  drillUrl,
  groupsChart,
  indicatorUrl,
  isQuarter,
  pageCount,
  pageParam,
  quarterOf,
  recentQuarters,
  settlementChart,
  settlementRows,
  settlementUrl,
  type SettlementFigures,
} from '../src/lib/dashboard'

const figures = {
  to_settle: 22,
  carried_over: 1,
  received: 21,
  received_online: 10,
  received_direct: 10,
  received_postal: 1,
  settled: 20,
  settled_early: 14,
  settled_on_time: 6,
  settled_late: 0,
  pending: 2,
  pending_in_time: 1,
  pending_overdue: 1,
} as SettlementFigures

describe('quarters', () => {
  it.each([
    ['2026-01-01T00:00:00Z', '2026-Q1'],
    ['2026-06-30T12:00:00Z', '2026-Q2'],
    ['2026-11-25T19:00:00Z', '2026-Q4'],
  ])('%s is in %s', (d, q) => expect(quarterOf(new Date(d))).toBe(q))
  it('lists recent quarters across a year boundary, newest first', () => {
    expect(recentQuarters(new Date('2026-04-10T00:00:00Z'), 4)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3'])
  })
  it('recognises a quarter', () => {
    expect(isQuarter('2026-Q4')).toBe(true)
    expect(isQuarter('2026-Q5')).toBe(false)
    expect(isQuarter('2026-11')).toBe(false)
  })
})

describe('settlementRows', () => {
  it('gives every number its drill-down metrics', () => {
    const rows = settlementRows(figures)
    expect(rows.map((r) => [r.key, r.value, r.metrics.join(',')])).toEqual([
      ['received', 21, 'received_online_self,received_online_assisted,received_counter,received_postal'],
      ['receivedOnline', 10, 'received_online_self,received_online_assisted'],
      ['receivedDirect', 10, 'received_counter'],
      ['receivedPostal', 1, 'received_postal'],
      ['settled', 20, 'settled_early,settled_on_time,settled_late,settled_without_verdict'],
      ['settledEarly', 14, 'settled_early'],
      ['settledOnTime', 6, 'settled_on_time'],
      ['settledLate', 0, 'settled_late'],
      ['pending', 2, 'pending'],
      ['pendingOverdue', 1, 'pending_overdue'],
    ])
  })
})

describe('addresses', () => {
  it('builds the report, indicator and drill-down addresses, skipping an empty agency', () => {
    expect(settlementUrl('2026-10-01', '2026-12-31', '', 'xlsx')).toBe(
      '/api/reports/settlement?from=2026-10-01&to=2026-12-31&format=xlsx',
    )
    expect(settlementUrl('2026-10-01', '2026-12-31', '000.00.05.H99')).toBe(
      '/api/reports/settlement?from=2026-10-01&to=2026-12-31&agency=000.00.05.H99',
    )
    expect(indicatorUrl('2026-Q4', '')).toBe('/api/indicators/766?period=2026-Q4')
    expect(drillUrl('2026-Q4', 'settled_late', '000.00.05.H99')).toBe(
      '/api/indicators/766/dossiers?period=2026-Q4&metric=settled_late&agency=000.00.05.H99&limit=100',
    )
  })
})

describe('drill-down pages', () => {
  it('asks for a later page with its offset', () => {
    expect(drillUrl('2026-Q4', 'pending', '', 50, 100)).toBe('/api/indicators/766/dossiers?period=2026-Q4&metric=pending&limit=50&offset=100')
  })
  it.each([
    [0, 1],
    [50, 1],
    [51, 2],
    [250, 5],
  ])('%i dossiers make %i pages', (total, pages) => expect(pageCount(total, 50)).toBe(pages))
  it('reads the page of the address', () => {
    expect(pageParam('3')).toBe(3)
    expect(pageParam(undefined)).toBe(1)
    expect(pageParam('0')).toBe(1)
    expect(pageParam('-2')).toBe(1)
    expect(pageParam(['2'])).toBe(1)
  })
  it('cuts a window of several metrics listed one after the other', () => {
    expect(drillSlices([30, 45, 0, 80], 0, 50)).toEqual([
      { index: 0, offset: 0, limit: 30 },
      { index: 1, offset: 0, limit: 20 },
    ])
    expect(drillSlices([30, 45, 0, 80], 50, 50)).toEqual([
      { index: 1, offset: 20, limit: 25 },
      { index: 3, offset: 0, limit: 25 },
    ])
    expect(drillSlices([30, 45, 0, 80], 150, 50)).toEqual([{ index: 3, offset: 75, limit: 5 }])
    expect(drillSlices([30], 50, 50)).toEqual([])
    expect(drillSlices([], 0, 50)).toEqual([])
  })
})

describe('charts', () => {
  it('plots points against the maximum per group', () => {
    const o = groupsChart([
      { group: 1, name: 'Công khai, minh bạch', max_points: 18, computable_points: 2, points: 0 },
      { group: 2, name: 'Tiến độ', max_points: 20, computable_points: 20, points: 19.09 },
    ])
    expect(o.yAxis.data).toEqual(['Công khai, minh bạch', 'Tiến độ'])
    expect(o.series.map((s) => s.data)).toEqual([
      [0, 19.09],
      [18, 20],
    ])
  })
  it('plots early, on time, late and pending', () => {
    const o = settlementChart(figures)
    expect(o.xAxis.data).toEqual(['Trước hạn', 'Đúng hạn', 'Quá hạn', 'Đang giải quyết'])
    expect(o.series[0]!.data.map((d) => d.value)).toEqual([14, 6, 0, 2])
  })
})
