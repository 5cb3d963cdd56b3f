// The publication form against a fake API: several procedures per decision, added and removed
// with buttons (focus follows, the change is announced), each with its own kind; the error
// summary links to the right procedure's field, both for the form's own checks and for a
// problem+json field path from the server; an amended procedure loads its content in force and
// the request keeps what the form does not show; ?ma=CODE starts from that procedure.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { DecisionRequest } from '../src/api/admin'
import { ApiError } from '../src/api/client'
import type { Procedure } from '../src/api/types'
import { i18n } from '../src/i18n'
import { session } from '../src/lib/session'

const inForce: Procedure = {
  id: 7,
  code: '1.000656',
  version: 1,
  name: 'Đăng ký khai tử',
  sector_code: 'HT',
  sector_name: 'Hộ tịch',
  level: 'commune',
  implementing_agency: 'UBND cấp xã',
  competent_agency: 'UBND cấp xã',
  steps: 'Nộp hồ sơ',
  subjects: 'Công dân',
  requirements: '',
  components: [{ code: 'TP1', name: 'Tờ khai', required: true, copies: 1, original: true, template_url: 'mau.pdf' }],
  deadline: 1,
  deadline_unit: 'working_days',
  fees: [{ name: 'Lệ phí', amount_vnd: 0, description: 'Miễn' }],
  legal_basis: 'Luật Hộ tịch 2014',
  result: 'Trích lục khai tử',
  online_level: 'full',
  postal: true,
  effective_from: '2025-07-01',
  effective_to: null,
}

const getProcedure = vi.fn()
const publishDecision = vi.fn()
vi.mock('../src/api', () => ({ getProcedure: (...a: unknown[]) => getProcedure(...a) }))
vi.mock('../src/api/admin', () => ({ publishDecision: (...a: unknown[]) => publishDecision(...a) }))

async function mountPage(path = '/quan-tri/cong-bo') {
  const Stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/quan-tri/cong-bo', name: 'admin-publish', component: () => import('../src/views/admin/PublishView.vue') },
      { path: '/quan-tri/danh-muc', name: 'admin-catalog', component: Stub },
      { path: '/quan-tri/quy-trinh', name: 'admin-process', component: Stub },
      ...['admin-users', 'admin-agencies', 'admin-calendar'].map((name) => ({ path: `/${name}`, name, component: Stub })),
      { path: '/thu-tuc', name: 'procedure', component: Stub },
      { path: '/:p(.*)', name: 'other', component: Stub },
    ],
  })
  await router.push(path)
  await router.isReady()
  const App = { template: '<RouterView />' }
  const w = mount(App, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return w
}

async function fillDecision(w: VueWrapper) {
  await w.get('#pub-number').setValue('15/QĐ-UBND')
  await w.get('#pub-title').setValue('Công bố thủ tục')
}

async function fillContent(w: VueWrapper, i: number, code: string, name: string) {
  await w.get(`#pub-code-${i}`).setValue(code)
  await w.get(`#pub-name-${i}`).setValue(name)
  await w.get(`#pub-sector-${i}`).setValue('Tư pháp')
  await w.get(`#pub-deadline-${i}`).setValue('3')
  await w.get(`#pub-components-${i}`).setValue('Tờ khai')
}

const summaryLinks = (w: VueWrapper) =>
  w.get('[data-testid=error-summary]').findAll('a').map((a) => [a.attributes('href'), a.text()])

describe('PublishView', () => {
  beforeEach(() => {
    getProcedure.mockReset()
    publishDecision.mockReset()
    session.user = { id: 1, username: 'quantri', display_name: 'Quản trị', role: 'administrator', agency_code: '', demo: true }
    session.checked = true
  })

  it('adds and removes procedures with labelled buttons; focus follows and the change is announced', async () => {
    const w = await mountPage()
    expect(w.findAll('fieldset.publish-item')).toHaveLength(1)
    expect(w.find('[data-testid=publish-remove-0]').exists()).toBe(false) // the last one stays
    const add = w.get('[data-testid=publish-add]')
    expect(add.element.tagName).toBe('BUTTON')
    expect(add.attributes('type')).toBe('button')
    expect(add.text()).toBe('Thêm thủ tục vào quyết định')

    await add.trigger('click')
    await add.trigger('click')
    await flushPromises()
    expect(w.findAll('fieldset.publish-item').map((f) => f.get('legend').text())).toEqual(['Thủ tục 1', 'Thủ tục 2', 'Thủ tục 3'])
    expect(document.activeElement?.id).toBe('pub-kind-2')
    expect(w.get('[data-testid=publish-announce]').text()).toBe('Đã thêm thủ tục 3.')
    expect(w.get('[data-testid=publish-remove-1]').text()).toBe('Bỏ thủ tục 2 khỏi quyết định')
    expect(w.get('label[for=pub-name-2]').text()).toBe('Tên thủ tục')

    await w.get('#pub-name-1').setValue('Thứ hai')
    await w.get('#pub-name-2').setValue('Thứ ba')
    await w.get('[data-testid=publish-remove-1]').trigger('click')
    await flushPromises()
    expect(w.findAll('fieldset.publish-item')).toHaveLength(2)
    expect((w.get('#pub-name-1').element as HTMLInputElement).value).toBe('Thứ ba')
    expect(document.activeElement?.id).toBe('pub-kind-1')
    expect(w.get('[data-testid=publish-announce]').text()).toBe('Đã bỏ thủ tục 2 khỏi quyết định.')
    w.unmount()
  })

  it('shows the fields each kind needs', async () => {
    const w = await mountPage()
    const kind = w.get('#pub-kind-0')
    expect(kind.findAll('option').map((o) => o.text())).toEqual(['Công bố mới', 'Sửa đổi, bổ sung', 'Thay thế thủ tục khác', 'Bãi bỏ'])
    expect(w.find('#pub-fee-0').exists()).toBe(true)
    await kind.setValue('replaced')
    expect(w.find('#pub-replaced-0').exists()).toBe(true)
    await kind.setValue('amended')
    expect(w.find('#pub-replaced-0').exists()).toBe(false)
    expect(w.find('#pub-fee-0').exists()).toBe(false)
    expect(w.get('[data-testid=publish-load-0]').text()).toContain('Lấy nội dung đang có hiệu lực')
    await kind.setValue('abolished')
    expect(w.find('#pub-name-0').exists()).toBe(false)
    expect(w.text()).toContain('không cần nhập nội dung')
    w.unmount()
  })

  it('links every problem of the form to the right procedure’s field', async () => {
    const w = await mountPage()
    await fillDecision(w)
    await fillContent(w, 0, '2.000001', 'Cấp giấy xác nhận')
    await w.get('[data-testid=publish-add]').trigger('click')
    await w.get('#pub-kind-1').setValue('abolished')
    await w.get('#pub-code-1').setValue('2.000001')
    await w.get('[data-testid=publish-add]').trigger('click')
    await w.get('#pub-code-2').setValue('2.000002')
    await w.get('[data-testid=publish-submit]').trigger('submit')
    await flushPromises()
    expect(summaryLinks(w)).toEqual([
      ['#pub-code-1', 'Thủ tục 2: Thủ tục 2.000001 đã có ở một mục khác của quyết định'],
      ['#pub-name-2', 'Thủ tục 3: Nhập tên thủ tục'],
      ['#pub-sector-2', 'Thủ tục 3: Nhập lĩnh vực'],
      ['#pub-deadline-2', 'Thủ tục 3: Thời hạn giải quyết là số nguyên từ 0 đến 3650'],
      ['#pub-components-2', 'Thủ tục 3: Nhập ít nhất một thành phần hồ sơ'],
    ])
    expect(w.get('#pub-name-2').attributes('aria-invalid')).toBe('true')
    expect(w.get('#pub-name-0').attributes('aria-invalid')).toBeUndefined()
    // The link moves focus to the field of procedure 3.
    await w.get('[data-testid=error-summary]').findAll('a')[1]!.trigger('click')
    expect(document.activeElement?.id).toBe('pub-name-2')
    expect(publishDecision).not.toHaveBeenCalled()

    // Removing procedure 2 moves procedure 3's errors with it.
    await w.get('[data-testid=publish-remove-1]').trigger('click')
    await flushPromises()
    expect(summaryLinks(w)[0]).toEqual(['#pub-name-1', 'Thủ tục 3: Nhập tên thủ tục'])
    expect(w.get('#pub-name-1').attributes('aria-invalid')).toBe('true')
    w.unmount()
  })

  it('places a problem+json field path of the server on the right procedure', async () => {
    publishDecision.mockRejectedValueOnce(
      new ApiError(
        400,
        { status: 400, field: 'items[1].version.name', detail: 'items[1].version.name: không được quá 500 ký tự' },
        'items[1].version.name: không được quá 500 ký tự',
      ),
    )
    const w = await mountPage()
    await fillDecision(w)
    await fillContent(w, 0, '2.000001', 'Thứ nhất')
    await w.get('[data-testid=publish-add]').trigger('click')
    await fillContent(w, 1, '2.000002', 'Thứ hai')
    await w.get('[data-testid=publish-submit]').trigger('submit')
    await flushPromises()
    expect(publishDecision).toHaveBeenCalledTimes(1)
    expect(summaryLinks(w)).toEqual([['#pub-name-1', 'Thủ tục 2, Tên thủ tục: không được quá 500 ký tự']])
    expect(w.get('#pub-name-1-error').text()).toContain('không được quá 500 ký tự')
    expect(w.find('#pub-name-0-error').exists()).toBe(false)

    // An item-level refusal points at that procedure's code.
    publishDecision.mockRejectedValueOnce(
      new ApiError(409, { status: 409, field: 'items[0]' }, 'items[0]: TTHC 2.000001 đang có hiệu lực; hãy sửa đổi, bổ sung'),
    )
    await w.get('[data-testid=publish-submit]').trigger('submit')
    await flushPromises()
    expect(summaryLinks(w)).toEqual([['#pub-code-0', 'Thủ tục 1: TTHC 2.000001 đang có hiệu lực; hãy sửa đổi, bổ sung']])
    w.unmount()
  })

  it('sends several procedures: new, amended from its content in force, replacing and abolished', async () => {
    getProcedure.mockImplementation(async (code: string) => {
      if (code === inForce.code) return inForce
      throw new ApiError(404, { status: 404 }, `Không tìm thấy thủ tục ${code}`)
    })
    publishDecision.mockImplementation(async (body: DecisionRequest) => ({
      decision: {
        id: 3,
        number: body.number,
        title: body.title,
        issuer: 'Chủ tịch',
        signed_on: body.signed_on,
        effective_on: body.effective_on,
        items: body.items.map((i) => ({ kind: i.kind, code: i.code, replaced_code: i.replaced_code ?? '' })),
      },
      versions: body.items
        .filter((i) => i.version)
        .map((i, n) => ({ ...inForce, code: i.code, name: i.version!.name, version: n + 1 })),
    }))
    const w = await mountPage()
    await fillDecision(w)
    await fillContent(w, 0, '2.000001', 'Thủ tục mới')
    await w.get('#pub-fee-0').setValue('50.000')

    const add = w.get('[data-testid=publish-add]')
    await add.trigger('click')
    await w.get('#pub-kind-1').setValue('amended')
    await w.get('#pub-code-1').setValue('9.999999')
    await w.get('[data-testid=publish-load-1]').trigger('click')
    await flushPromises()
    expect(summaryLinks(w)).toEqual([['#pub-code-1', 'Thủ tục 2: Không tìm thấy thủ tục 9.999999']])
    await w.get('#pub-code-1').setValue(inForce.code)
    await w.get('[data-testid=publish-load-1]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=error-summary]').exists()).toBe(false)
    expect((w.get('#pub-name-1').element as HTMLInputElement).value).toBe('Đăng ký khai tử')
    expect(w.get('[data-testid=publish-announce]').text()).toBe('Thủ tục 2: đã lấy nội dung phiên bản 1 của thủ tục 1.000656.')
    await w.get('#pub-name-1').setValue('Đăng ký khai tử (sửa đổi)')

    await add.trigger('click')
    await w.get('#pub-kind-2').setValue('replaced')
    await fillContent(w, 2, '3.000001', 'Thủ tục thay thế')
    await w.get('#pub-replaced-2').setValue('1.000111')
    await add.trigger('click')
    await w.get('#pub-kind-3').setValue('abolished')
    await w.get('#pub-code-3').setValue('1.000222')

    await w.get('[data-testid=publish-submit]').trigger('submit')
    await flushPromises()
    expect(publishDecision).toHaveBeenCalledTimes(1)
    const body = publishDecision.mock.calls[0]![0] as DecisionRequest
    expect(body.items.map((i) => [i.kind, i.code, i.replaced_code ?? null, i.version?.name ?? null])).toEqual([
      ['new', '2.000001', null, 'Thủ tục mới'],
      ['amended', '1.000656', null, 'Đăng ký khai tử (sửa đổi)'],
      ['replaced', '3.000001', '1.000111', 'Thủ tục thay thế'],
      ['abolished', '1.000222', null, null],
    ])
    expect(body.items[0]!.version!.fees).toEqual([{ name: 'Lệ phí', amount_vnd: 50000, description: '' }])
    expect(body.items[1]!.version!.steps).toBe(inForce.steps) // kept from the version in force
    expect(body.items[1]!.version!.components![0]!.template_url).toBe('mau.pdf')

    const done = w.get('[data-testid=published]')
    expect(done.get('h1').text()).toBe('Đã công bố quyết định 15/QĐ-UBND')
    expect(done.text()).toContain('Thủ tục 2.000001 “Thủ tục mới” (phiên bản 1)')
    expect(done.text()).toContain('Thủ tục 3.000001 “Thủ tục thay thế” (phiên bản 3)')
    expect(done.text()).toContain('Thủ tục 1.000222 bị bãi bỏ')
    w.unmount()
  })

  it('starts from the procedure of ?ma as its first, fixed item, and can add others', async () => {
    getProcedure.mockResolvedValue(inForce)
    const w = await mountPage('/quan-tri/cong-bo?ma=1.000656')
    expect(w.get('h1').text()).toBe('Công bố sửa đổi thủ tục 1.000656')
    expect(w.find('#pub-kind-0').exists()).toBe(false)
    expect(w.get('#pub-code-0').text()).toContain('1.000656')
    expect((w.get('#pub-name-0').element as HTMLInputElement).value).toBe('Đăng ký khai tử')
    await w.get('[data-testid=publish-add]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=publish-remove-0]').exists()).toBe(false)
    expect(w.find('[data-testid=publish-remove-1]').exists()).toBe(true)
    await w.get('[data-testid=publish-remove-1]').trigger('click')
    await flushPromises()
    expect(document.activeElement?.id).toBe('add-item')
    w.unmount()
  })
})
