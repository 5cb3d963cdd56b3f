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
  amendItem,
  budgetState,
  componentsOf,
  emptyPublishForm,
  emptyPublishItem,
  legalMinutes,
  monthGrid,
  monthRange,
  moveStep,
  processField,
  publishBody,
  publishField,
  publishMessage,
  shiftItemErrors,
  shiftMonth,
  validatePublish,
  validateSteps,
  type PublishForm,
  type PublishItem,
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
  const good = (): PublishForm => ({
    ...emptyPublishForm('2026-03-02'),
    number: '15/QĐ-UBND',
    title: 'Công bố thủ tục mới',
    items: [
      {
        ...emptyPublishItem(),
        code: '2.000001',
        name: 'Cấp giấy xác nhận',
        sectorName: 'Tư pháp',
        deadline: '3',
        components: 'Tờ khai\n\n  Giấy tờ tùy thân  ',
      },
    ],
  })
  const withItem = (change: Partial<PublishItem>): PublishForm => {
    const f = good()
    f.items[0] = { ...f.items[0]!, ...change }
    return f
  }

  it('accepts a complete form', () => {
    expect(validatePublish(good())).toEqual([])
  })

  it.each([
    ['number', { number: ' ' }, 'pub-number'],
    ['title', { title: '' }, 'pub-title'],
    ['date', { signedOn: '2026-02-30' }, 'pub-signed'],
    ['effective before signed', { effectiveOn: '2026-03-01' }, 'pub-effective'],
    ['empty decision', { items: [] }, 'add-item'],
  ])('refuses a bad %s, naming its field', (_name, change, field) => {
    const errors = validatePublish({ ...good(), ...change })
    expect(errors.map((e) => e.field)).toEqual([field])
    expect(errors[0]!.message.length).toBeGreaterThan(5)
  })

  it.each([
    ['code', { code: '1.23' }, 'pub-code-0'],
    ['name', { name: '' }, 'pub-name-0'],
    ['sector', { sectorName: '' }, 'pub-sector-0'],
    ['deadline', { deadline: 'ba' }, 'pub-deadline-0'],
    ['negative deadline', { deadline: '-1' }, 'pub-deadline-0'],
    ['components', { components: '\n  \n' }, 'pub-components-0'],
    ['fee', { fee: '20k' }, 'pub-fee-0'],
    ['replaced code', { kind: 'replaced', replacedCode: '' }, 'pub-replaced-0'],
    ['replacement of itself', { kind: 'replaced', replacedCode: '2.000001' }, 'pub-replaced-0'],
  ] as const)('refuses an item with a bad %s, naming its field', (_name, change, field) => {
    const errors = validatePublish(withItem(change))
    expect(errors.map((e) => e.field)).toEqual([field])
    expect(errors[0]!.message).not.toMatch(/^Thủ tục 1/) // one item: no item prefix
  })

  it('checks every item, names the item in each message, and refuses a code twice', () => {
    const f = good()
    f.items.push({ ...emptyPublishItem('abolished'), code: '1.000656' })
    f.items.push({ ...emptyPublishItem('amended'), code: '1.000656', name: 'X', sectorName: 'Y', deadline: '2', components: '' })
    f.items.push({ ...emptyPublishItem('replaced'), code: '3.000001', replacedCode: '2.000001', name: 'Z', sectorName: 'Y', deadline: '1', components: 'a' })
    const errors = validatePublish(f)
    expect(errors.map((e) => e.field)).toEqual(['pub-code-2', 'pub-components-2', 'pub-replaced-3'])
    expect(errors[0]!.message).toBe('Thủ tục 3: Thủ tục 1.000656 đã có ở một mục khác của quyết định')
    expect(errors[1]!.message).toBe('Thủ tục 3: Nhập ít nhất một thành phần hồ sơ')
    // An abolition needs only its code; an amendment has no fee field to check.
    expect(validatePublish({ ...f, items: [f.items[1]!, { ...f.items[2]!, code: '1.000111', components: 'a', fee: 'x' }] })).toEqual([])
  })

  it('builds a new procedure with numbered components and its fee', () => {
    const body = publishBody(withItem({ fee: '50.000' }))
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
    expect(form.items).toHaveLength(1)
    expect(form.items[0]).toMatchObject({ kind: 'amended', code: '1.001193', name: 'Đăng ký khai sinh', deadline: '1' })
    form.number = '16/QĐ-UBND'
    form.items[0]!.name = 'Đăng ký khai sinh (sửa đổi)'
    form.items[0]!.components = 'Giấy chứng sinh\nTờ khai\nBản sao CCCD'
    expect(validatePublish(form)).toEqual([])
    const v = publishBody(form, { [base.code]: base }).items[0]!.version!
    expect(v.name).toBe('Đăng ký khai sinh (sửa đổi)')
    expect(v.fees).toEqual(base.fees)
    expect(v.postal).toBe(true)
    expect(v.components!.map((c) => c.code)).toEqual(['TP2', 'TP1', 'TP3'])
    expect(v.components![1]!.template_url).toBe('mau.pdf')
  })

  it('sends several items: kinds, replaced code, no content for an abolition', () => {
    const f = good()
    f.items.push({ ...emptyPublishItem('abolished'), code: '1.000656', name: 'ignored' })
    f.items.push({ ...amendItem(base) })
    f.items.push({ ...emptyPublishItem('replaced'), code: '3.000001', replacedCode: '1.000111', name: 'Z', sectorName: 'Y', deadline: '1', components: 'a' })
    const body = publishBody(f, { [base.code]: base })
    expect(body.items.map((i) => [i.kind, i.code, i.replaced_code ?? null, !!i.version])).toEqual([
      ['new', '2.000001', null, true],
      ['abolished', '1.000656', null, false],
      ['amended', '1.001193', null, true],
      ['replaced', '3.000001', '1.000111', true],
    ])
    expect(body.items[2]!.version!.steps).toBe(base.steps)
  })

  it('reuses a component code only once', () => {
    expect(componentsOf('Tờ khai\nTờ khai', base.components).map((c) => c.code)).toEqual(['TP1', 'TP3'])
  })

  it('places server errors on the right item’s field', () => {
    expect(publishField('number')).toBe('pub-number')
    expect(publishField('items')).toBe('add-item')
    expect(publishField('items[0].version.name')).toBe('pub-name-0')
    expect(publishField('items[2].version.components[1].code')).toBe('pub-components-2')
    expect(publishField('items[1]')).toBe('pub-code-1')
    expect(publishField('items[1].kind')).toBe('pub-code-1')
    expect(publishField('items[1].replaced_code')).toBe('pub-replaced-1')
    expect(publishField('effective_on')).toBe('pub-effective')
    expect(publishField('something')).toBe('')
    // A field the item does not show sends the administrator to the item's code.
    const items = [{ kind: 'new' as const }, { kind: 'amended' as const }, { kind: 'abolished' as const }]
    expect(publishField('items[1].version.fees', items)).toBe('pub-code-1')
    expect(publishField('items[0].version.fees', items)).toBe('pub-fee-0')
    expect(publishField('items[2].version.name', items)).toBe('pub-code-2')
    expect(publishField('items[1].version.steps', items)).toBe('pub-code-1')
    expect(publishField('items[5].version.name', items)).toBe('')
  })

  it('says which item a server message is about', () => {
    expect(publishMessage('items[1]: TTHC 1.000656 xuất hiện ở nhiều mục')).toBe('Thủ tục 2: TTHC 1.000656 xuất hiện ở nhiều mục')
    expect(publishMessage('items[0].version.name: không được để trống')).toBe('Thủ tục 1, Tên thủ tục: không được để trống')
    expect(publishMessage('items[0].version.components[1].code: trùng')).toBe('Thủ tục 1, Thành phần hồ sơ: trùng')
    expect(publishMessage('Số quyết định đã được dùng')).toBe('Số quyết định đã được dùng')
  })

  it('moves errors up when an item is removed', () => {
    const errors = [
      { field: 'pub-number', message: 'a' },
      { field: 'pub-name-0', message: 'b' },
      { field: 'pub-name-1', message: 'c' },
      { field: 'pub-code-2', message: 'd' },
    ]
    expect(shiftItemErrors(errors, 1).map((e) => e.field)).toEqual(['pub-number', 'pub-name-0', 'pub-code-1'])
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
