// The administration pages' rules: the internal-process running total against the legal
// deadline (as the server counts it) and its over-budget state, live in the editor; the
// publication form's validation, request body and error placement; the calendar month grid.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CalendarDay, ProcessStep } from '../src/api/admin'
import type { Procedure } from '../src/api/types'
import ProcessEditor from '../src/components/ProcessEditor.vue'
import { i18n } from '../src/i18n'
import {
  amendForm,
  budgetState,
  componentsOf,
  emptyPublishForm,
  legalMinutes,
  monthGrid,
  monthRange,
  moveStep,
  processField,
  publishBody,
  publishField,
  shiftMonth,
  validatePublish,
  validateSteps,
} from '../src/lib/admin'

const step = (name: string, budget: number, unit: ProcessStep['unit'] = 'working_hours'): ProcessStep => ({
  name,
  role: 'specialist',
  agency_code: '',
  budget,
  unit,
})

describe('process budget', () => {
  it.each([
    // deadline, unit, steps → total, legal, over
    [2, 'working_days', [step('a', 8), step('b', 8)], 960, 960, false],
    [2, 'working_days', [step('a', 12), step('b', 8)], 1200, 960, true],
    [1, 'working_days', [step('a', 1, 'working_days'), step('b', 1)], 540, 480, true],
    [0, 'working_days', [step('a', 4), step('b', 4)], 480, 480, false], // "within the day"
    [4, 'working_hours', [step('a', 3), step('b', 1)], 240, 240, false],
    [5, 'days', [step('a', 5, 'working_days')], 2400, 2400, false],
    [3, 'working_days', [step('a', Number.NaN), step('b', -2), step('c', 4)], 240, 1440, false],
  ] as const)('%i %s', (deadline, unit, steps, total, legal, over) => {
    const s = budgetState([...steps], deadline, unit)
    expect(s).toEqual({ total, legal, over, remaining: legal - total })
    expect(legalMinutes(deadline, unit)).toBe(legal)
  })

  it('finds empty names, bad budgets and a total over the deadline before sending', () => {
    expect(validateSteps([], 2, 'working_days').map((e) => e.field)).toEqual(['add-step'])
    expect(validateSteps([step('', 4), step('b', 0)], 2, 'working_days').map((e) => e.field)).toEqual([
      'step-name-0',
      'step-budget-1',
    ])
    const over = validateSteps([step('a', 12), step('b', 8)], 2, 'working_days')
    expect(over.map((e) => e.field)).toEqual(['process-total'])
    expect(over[0]!.message).toContain('4 giờ làm việc')
    expect(validateSteps([step('a', 8), step('b', 8)], 2, 'working_days')).toEqual([])
  })

  it('sends the server’s field errors to the right input', () => {
    expect(processField('steps')).toBe('process-total')
    expect(processField('steps[2].budget')).toBe('step-budget-2')
    expect(processField('steps[0].agency_code')).toBe('step-agency-0')
    expect(processField(undefined)).toBe('process-total')
  })

  it('moves steps within bounds', () => {
    expect(moveStep(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moveStep(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moveStep(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
  })
})

describe('ProcessEditor', () => {
  function mountEditor(steps: ProcessStep[]) {
    const wrapper = mount(ProcessEditor, {
      props: {
        modelValue: steps,
        deadline: 2,
        unit: 'working_days' as const,
        'onUpdate:modelValue': (v: ProcessStep[]) => wrapper.setProps({ modelValue: v }),
      },
      global: { plugins: [i18n] },
    })
    return wrapper
  }

  it('shows the running total live and turns red when over the legal deadline', async () => {
    const w = mountEditor([step('Thẩm định', 8), step('Phê duyệt', 4)])
    const total = () => w.get('[data-testid=process-total]')
    expect(total().text()).toContain('12 giờ làm việc / thời hạn luật định 16 giờ làm việc')
    expect(total().text()).toContain('Còn 4 giờ làm việc')
    expect(total().classes()).not.toContain('process-total--over')
    expect(total().attributes('role')).toBe('status')

    await w.get('#step-budget-1').setValue('12')
    expect(total().text()).toContain('20 giờ làm việc')
    expect(total().text()).toContain('Vượt thời hạn 4 giờ làm việc')
    expect(total().classes()).toContain('process-total--over')

    await w.get('#step-unit-0').setValue('working_days')
    expect(total().text()).toContain('Tổng thời gian các bước: 76 giờ làm việc')

    await w.get('#step-unit-0').setValue('working_hours')
    await w.get('#step-budget-1').setValue('4')
    expect(total().classes()).not.toContain('process-total--over')
  })

  it('adds, removes and reorders steps, and the total follows', async () => {
    const w = mountEditor([step('Thẩm định', 8), step('Phê duyệt', 4)])
    await w.get('[data-testid=add-step]').trigger('click')
    expect(w.findAll('.process-step')).toHaveLength(3)
    expect(w.get('[data-testid=process-total]').text()).toContain('13 giờ làm việc')
    await w.get('#step-down-0').trigger('click')
    const names = () => (w.props('modelValue') as ProcessStep[]).map((s) => s.name)
    expect(names()).toEqual(['Phê duyệt', 'Thẩm định', ''])
    expect(w.get('#step-up-0').attributes('disabled')).toBeDefined()
    await w.get('[aria-label="Xoá bước 2"]').trigger('click')
    expect(names()).toEqual(['Phê duyệt', ''])
    expect(w.get('[data-testid=process-total]').text()).toContain('5 giờ làm việc')
  })
})

const base: Procedure = {
  id: 7,
  code: '1.001193',
  version: 2,
  name: 'Đăng ký khai sinh',
  sector_code: 'HT',
  sector_name: 'Hộ tịch',
  level: 'commune',
  implementing_agency: 'UBND cấp xã',
  competent_agency: 'UBND cấp xã',
  steps: 'Nộp hồ sơ',
  subjects: 'Công dân',
  requirements: '',
  components: [
    { code: 'TP1', name: 'Tờ khai', required: true, copies: 1, original: true, template_url: 'mau.pdf' },
    { code: 'TP2', name: 'Giấy chứng sinh', required: true, copies: 1, original: true, template_url: '' },
  ],
  deadline: 1,
  deadline_unit: 'working_days',
  fees: [{ name: 'Lệ phí', amount_vnd: 0, description: 'Miễn' }],
  legal_basis: 'Luật Hộ tịch 2014',
  result: 'Giấy khai sinh',
  online_level: 'full',
  postal: true,
  effective_from: '2025-07-01',
  effective_to: null,
}

describe('publication form', () => {
  const good = () => ({
    ...emptyPublishForm('2026-03-02'),
    number: '15/QĐ-UBND',
    title: 'Công bố thủ tục mới',
    code: '2.000001',
    name: 'Cấp giấy xác nhận',
    sectorName: 'Tư pháp',
    deadline: '3',
    components: 'Tờ khai\n\n  Giấy tờ tùy thân  ',
  })

  it('accepts a complete form', () => {
    expect(validatePublish(good())).toEqual([])
  })

  it.each([
    ['number', { number: ' ' }, 'pub-number'],
    ['title', { title: '' }, 'pub-title'],
    ['date', { signedOn: '2026-02-30' }, 'pub-signed'],
    ['effective before signed', { effectiveOn: '2026-03-01' }, 'pub-effective'],
    ['code', { code: '1.23' }, 'pub-code'],
    ['name', { name: '' }, 'pub-name'],
    ['sector', { sectorName: '' }, 'pub-sector'],
    ['deadline', { deadline: 'ba' }, 'pub-deadline'],
    ['negative deadline', { deadline: '-1' }, 'pub-deadline'],
    ['components', { components: '\n  \n' }, 'pub-components'],
    ['fee', { fee: '20k' }, 'pub-fee'],
  ])('refuses a bad %s, naming its field', (_name, change, field) => {
    const errors = validatePublish({ ...good(), ...change })
    expect(errors.map((e) => e.field)).toEqual([field])
    expect(errors[0]!.message.length).toBeGreaterThan(5)
  })

  it('builds a new procedure with numbered components and its fee', () => {
    const body = publishBody({ ...good(), fee: '50.000' })
    expect(body).toMatchObject({ number: '15/QĐ-UBND', signed_on: '2026-03-02', effective_on: '2026-03-02' })
    expect(body.items).toHaveLength(1)
    const item = body.items[0]!
    expect(item).toMatchObject({ kind: 'new', code: '2.000001' })
    expect(item.version!.components!.map((c) => [c.code, c.name])).toEqual([
      ['TP1', 'Tờ khai'],
      ['TP2', 'Giấy tờ tùy thân'],
    ])
    expect(item.version!.fees).toEqual([{ name: 'Lệ phí', amount_vnd: 50000, description: '' }])
    expect(item.version!.deadline).toBe(3)
  })

  it('amends from the version in force, keeping what the form does not show', () => {
    const form = amendForm(base, '2026-03-02')
    expect(form).toMatchObject({ kind: 'amended', code: '1.001193', name: 'Đăng ký khai sinh', deadline: '1' })
    form.number = '16/QĐ-UBND'
    form.name = 'Đăng ký khai sinh (sửa đổi)'
    form.components = 'Giấy chứng sinh\nTờ khai\nBản sao CCCD'
    expect(validatePublish(form)).toEqual([])
    const v = publishBody(form, base).items[0]!.version!
    expect(v.name).toBe('Đăng ký khai sinh (sửa đổi)')
    expect(v.fees).toEqual(base.fees)
    expect(v.postal).toBe(true)
    expect(v.components!.map((c) => c.code)).toEqual(['TP2', 'TP1', 'TP3'])
    expect(v.components![1]!.template_url).toBe('mau.pdf')
  })

  it('reuses a component code only once', () => {
    expect(componentsOf('Tờ khai\nTờ khai', base.components).map((c) => c.code)).toEqual(['TP1', 'TP3'])
  })

  it('places server errors on their fields', () => {
    expect(publishField('number')).toBe('pub-number')
    expect(publishField('items[0].version.name')).toBe('pub-name')
    expect(publishField('items[0].version.components[1].code')).toBe('pub-components')
    expect(publishField('items[0]')).toBe('pub-code')
    expect(publishField('effective_on')).toBe('pub-effective')
    expect(publishField('something')).toBe('')
  })
})

describe('calendar month', () => {
  const day = (date: string): CalendarDay => ({
    date,
    working: true,
    reason: 'workday',
    name: '',
    description: '',
    agency_override: false,
    statutory_fallback: false,
  })

  it('gives the month’s range and neighbours', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(monthRange('2026-13')).toBeNull()
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
  })

  it('lays weeks out from Monday', () => {
    // February 2026 starts on a Sunday.
    const days = Array.from({ length: 28 }, (_, i) => day(`2026-02-${String(i + 1).padStart(2, '0')}`))
    const weeks = monthGrid(days)
    expect(weeks).toHaveLength(5)
    expect(weeks[0]!.slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(weeks[0]![6]!.date).toBe('2026-02-01')
    expect(weeks[4]![5]!.date).toBe('2026-02-28')
    expect(weeks[4]![6]).toBeNull()
  })
})
