import { describe, expect, it } from 'vitest'
import type { User } from '../src/api/types'
import { ACTIONS, availableActions, buildBody, emptyForm } from '../src/lib/actions'
import { dueState } from '../src/lib/deadline'
import { fold, matchesWords } from '../src/lib/fold'
import { vnTime } from '../src/lib/format'

const user = (role: User['role']): User => ({ id: 1, username: 'u', display_name: 'U', role, agency_code: 'A', demo: false })
const names = (status: string, role: User['role'], stepRole?: User['role']) =>
  availableActions(
    { status: status as never, current_step: stepRole ? ({ role: stepRole } as never) : null },
    user(role),
  ).map((a) => a.name)

describe('actions offered', () => {
  it('a one-stop officer receives or refuses a new online dossier', () => {
    expect(names('submitted', 'one_stop_officer')).toEqual(expect.arrayContaining(['receive', 'refuse', 'request-supplement']))
    expect(names('submitted', 'one_stop_officer')).not.toContain('forward')
  })
  it('forwards a received one', () => {
    expect(names('received', 'one_stop_officer')).toContain('forward')
  })
  it('only a leader issues results, apologises and stops', () => {
    expect(names('processing', 'specialist', 'specialist')).not.toContain('issue-result')
    expect(names('processing', 'agency_leader', 'specialist')).toEqual(
      expect.arrayContaining(['issue-result', 'apologize', 'stop', 'complete-step']),
    )
  })
  it('a step is completed by its role', () => {
    expect(names('processing', 'specialist', 'specialist')).toContain('complete-step')
    expect(names('processing', 'one_stop_officer', 'specialist')).not.toContain('complete-step')
  })
  it('nothing on a closed dossier but returning a result', () => {
    expect(names('returned', 'agency_leader')).toEqual([])
    expect(names('processed', 'one_stop_officer')).toEqual(['return-result'])
  })
  it('citizens get no back-office actions', () => {
    expect(names('submitted', 'citizen')).toEqual([])
  })
})

describe('action bodies', () => {
  const refuse = ACTIONS.find((a) => a.name === 'refuse')!
  it('reasons need a problem and a fix', () => {
    const form = emptyForm(refuse)
    const { errors } = buildBody(refuse, form)
    expect(errors.map((e) => e.field)).toEqual(['refuse-reasons-0-problem', 'refuse-reasons-0-fix'])
  })
  it('builds structured reasons', () => {
    const form = emptyForm(refuse)
    form.reasons = [{ component: 'TP2', problem: ' Bản chụp mờ ', fix: 'Tải lên bản rõ nét' }]
    expect(buildBody(refuse, form)).toEqual({
      body: { reasons: [{ component: 'TP2', problem: 'Bản chụp mờ', fix: 'Tải lên bản rõ nét' }] },
      errors: [],
    })
  })
  it('numbers and date-times', () => {
    const pay = ACTIONS.find((a) => a.name === 'request-payment')!
    expect(buildBody(pay, { amount_vnd: '50.000', description: 'Lệ phí' }).body).toEqual({ amount_vnd: 50000, description: 'Lệ phí' })
    expect(buildBody(pay, { amount_vnd: 'năm mươi', description: 'x' }).errors).toHaveLength(1)
    const apology = ACTIONS.find((a) => a.name === 'apologize')!
    expect(buildBody(apology, { reason: 'Chờ xác minh', new_due_at: '2026-12-30T17:00' }).body).toEqual({
      reason: 'Chờ xác minh',
      new_due_at: '2026-12-30T17:00',
    })
  })
})

describe('due state (queues: green, amber from 75 % of the step budget, red when overdue)', () => {
  const now = vnTime('2026-11-26T09:00')
  it.each([
    [null, null, 'none'],
    ['2026-12-01T17:00', '2026-11-25T08:00', 'ok'],
    ['2026-11-26T10:00', '2026-11-20T08:00', 'warn'],
    ['2026-11-26T08:59', '2026-11-20T08:00', 'overdue'],
  ])('due %s started %s → %s', (due, started, urgency) => {
    expect(dueState(due, started, now).urgency).toBe(urgency)
  })
  it('counts days on Vietnam calendar days', () => {
    expect(dueState('2026-11-28T08:00', null, now).daysLeft).toBe(2)
    expect(dueState('2026-11-24T17:00', null, now).daysLeft).toBe(-2)
  })
})

describe('fold', () => {
  it('drops Vietnamese diacritics', () => {
    expect(fold('Đăng ký  Khai sinh')).toBe('dang ky khai sinh')
    expect(matchesWords('UBND phường Thống Nhất', 'thong nh')).toBe(true)
    expect(matchesWords('UBND phường Thống Nhất', 'hoa binh')).toBe(false)
  })
})
