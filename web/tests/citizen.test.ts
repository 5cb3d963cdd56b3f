// The rules of the applicant's dossier page, table-driven: what is asked of the applicant in
// each status, which notices are theirs, the status sentence, the supplement and rating checks
// and bodies; and the officer's answer form starting on the open consultation.
import { describe, expect, it } from 'vitest'
import type { Dossier, DossierStatus, User } from '../src/api/types'
import { ACTIONS, emptyForm } from '../src/lib/actions'
import {
  applicantDocuments,
  applicantTask,
  askedComponents,
  ratingBody,
  statusSentence,
  supplementBody,
  validateRating,
  validateSupplement,
} from '../src/lib/citizen'

const citizen: Pick<User, 'id' | 'role'> = { id: 7, role: 'citizen' }
const owned = (status: DossierStatus, rating: number | null = null) =>
  ({ status, rating, applicant: { account: 7 } }) as Pick<Dossier, 'status' | 'rating' | 'applicant'>

describe('what the page asks of the applicant', () => {
  const table: [DossierStatus, number | null, ReturnType<typeof applicantTask>][] = [
    ['submitted', null, null],
    ['received', null, null],
    ['processing', null, null],
    ['supplement_requested', null, 'supplement'],
    ['awaiting_payment', null, null],
    ['processed', null, null],
    ['returned', null, 'rate'],
    ['returned', 4, 'rated'],
    ['refused', null, 'rate'],
    ['stopped', null, 'rate'],
    ['withdrawn', null, null],
  ]
  it.each(table)('%s (rating %s) → %s', (status, rating, task) => {
    expect(applicantTask(owned(status, rating), citizen)).toBe(task)
  })
  it('nothing for someone else’s dossier, staff or nobody', () => {
    expect(applicantTask(owned('returned'), { id: 8, role: 'citizen' })).toBeNull()
    expect(applicantTask(owned('returned'), { id: 7, role: 'one_stop_officer' })).toBeNull()
    expect(applicantTask(owned('supplement_requested'), null)).toBeNull()
  })
})

describe('notices addressed to the applicant', () => {
  const base = { status: 'processing' as DossierStatus, received_at: null, supplement_requests: 0, apology_issued: false }
  it.each([
    [{}, []],
    [{ received_at: '2026-11-26T08:00' }, ['receipt']],
    [{ received_at: '2026-11-26T08:00', supplement_requests: 2 }, ['receipt', 'supplement-request']],
    [{ received_at: '2026-11-26T08:00', apology_issued: true }, ['receipt', 'apology']],
    [{ status: 'refused', supplement_requests: 1 }, ['supplement-request', 'refusal']],
    [{ status: 'stopped', received_at: '2026-11-26T08:00' }, ['receipt', 'stop-notice']],
  ])('%o → %o (never the control slip)', (over, kinds) => {
    expect(applicantDocuments({ ...base, ...over } as never)).toEqual(kinds)
  })
})

describe('status sentence', () => {
  const names = (c: string) => ({ A: 'UBND phường Thống Nhất', B: 'Sở Tư pháp' })[c] ?? c
  const d = {
    agency_code: 'A',
    handling_agency_code: 'B',
    due_at: '2026-12-01T17:00',
    returned_at: null,
    amount_due_vnd: 50000,
    amount_paid_vnd: 0,
  }
  it.each([
    ['submitted', 'đang chờ UBND phường Thống Nhất kiểm tra, tiếp nhận'],
    ['received', 'UBND phường Thống Nhất đã tiếp nhận hồ sơ. Hẹn trả kết quả: 17:00 ngày 01/12/2026.'],
    ['processing', 'Hồ sơ đang được Sở Tư pháp giải quyết'],
    ['awaiting_payment', 'Bạn cần nộp 50.000 đồng phí, lệ phí'],
    ['supplement_requested', 'đề nghị bạn bổ sung'],
    ['withdrawn', 'Hồ sơ đã được rút'],
  ] as [DossierStatus, string][])('%s', (status, text) => {
    expect(statusSentence({ ...d, status }, names)).toContain(text)
  })
})

describe('supplement form', () => {
  const name = (c: string) => ({ TP1: 'Tờ khai', TP2: 'Giấy chứng sinh' })[c] ?? c
  const file = (component: string) => ({ component, sha256: component.repeat(16), name: `${component}.pdf`, size: 10 })
  it('asks for the components the reasons name, in the procedure’s order, never "chung"', () => {
    const reasons = [
      { component: 'TP3', problem: 'x', fix: 'y' },
      { component: 'chung', problem: 'x', fix: 'y' },
      { component: 'TP1', problem: 'x', fix: 'y' },
      { component: 'TP1', problem: 'z', fix: 'w' },
    ]
    expect(askedComponents(reasons, ['TP1', 'TP2', 'TP3'])).toEqual(['TP1', 'TP3'])
    expect(askedComponents([{ component: 'chung', problem: 'x', fix: 'y' }], ['TP1'])).toEqual([])
  })
  it.each([
    [{ components: [], files: [], uploading: 0 }, ['supplement-TP1']],
    [{ components: ['TP2'], files: [], uploading: 0 }, ['file-TP2']],
    [{ components: ['TP1', 'TP2'], files: [file('TP1')], uploading: 0 }, ['file-TP2']],
    [{ components: ['TP2'], files: [file('TP2')], uploading: 1 }, ['']],
    [{ components: ['TP2'], files: [file('TP2')], uploading: 0 }, []],
  ])('%o → errors on %o', (form, fields) => {
    expect(validateSupplement(form, name, 'TP1').map((e) => e.field)).toEqual(fields)
  })
  it('sends the chosen components and only their files', () => {
    expect(supplementBody({ components: ['TP2'], files: [file('TP1'), file('TP2')], uploading: 0 })).toEqual({
      components: ['TP2'],
      attachments: [{ component: 'TP2', sha256: file('TP2').sha256, name: 'TP2.pdf' }],
    })
  })
})

describe('rating form', () => {
  it.each([
    [null, '', ['rating-5']],
    [0, '', ['rating-5']],
    [6, '', ['rating-5']],
    [3, 'x'.repeat(1001), ['rating-comment']],
    [1, '', []],
    [5, 'x'.repeat(1000), []],
  ])('score %s, comment of %#', (score, comment, fields) => {
    expect(validateRating(score, comment).map((e) => e.field)).toEqual(fields)
  })
  it('sends the comment only when there is one', () => {
    expect(ratingBody(5, '   ')).toEqual({ score: 5 })
    expect(ratingBody(2, ' Chờ lâu ')).toEqual({ score: 2, comment: 'Chờ lâu' })
  })
})

describe('answering a consultation', () => {
  it('starts on the open consultation step', () => {
    const def = ACTIONS.find((a) => a.name === 'answer-consultation')!
    const steps = [
      { index: 0, consultation: false, finished_at: null },
      { index: 1000, consultation: true, finished_at: '2026-11-26T09:00' },
      { index: 1001, consultation: true, finished_at: null },
    ] as Dossier['steps']
    expect(emptyForm(def, { steps }).step_index).toBe('1001')
    expect(emptyForm(def).step_index).toBe('')
  })
})
