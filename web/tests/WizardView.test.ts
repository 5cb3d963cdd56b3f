// The wizard against a fake API: validation keeps the answer and shows the summary and the
// inline message; answers survive navigation; submit sends the draft's Idempotency-Key, and a
// repeated submit after an error reuses it.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../src/i18n'
import { session } from '../src/lib/session'
import { loadDraft } from '../src/lib/drafts'

const procedure = {
  id: 1,
  code: '1.001193',
  version: 1,
  name: 'Đăng ký khai sinh',
  sector_code: 'TP',
  sector_name: 'Hộ tịch',
  level: 'commune',
  implementing_agency: 'UBND cấp xã',
  competent_agency: '',
  steps: '',
  subjects: '',
  requirements: '',
  components: [
    { code: 'TP1', name: 'Tờ khai', required: true, copies: 1, original: true, template_url: '' },
    { code: 'TP2', name: 'Giấy chứng sinh', required: true, copies: 1, original: true, template_url: '' },
  ],
  deadline: 0,
  deadline_unit: 'working_days',
  fees: [],
  legal_basis: '',
  result: '',
  online_level: 'full',
  postal: true,
  effective_from: '2024-06-01',
  effective_to: null,
}

const submitDossier = vi.fn()
vi.mock('../src/api', () => ({
  getProcedure: vi.fn(async () => procedure),
  listAgencies: vi.fn(async () => [
    { id: 2, code: '000.00.21.H99', name: 'UBND phường Thống Nhất', kind: 'commune', parent_code: '000.00.00.H99' },
    { id: 3, code: '000.00.05.H99', name: 'Sở Nông nghiệp và Môi trường', kind: 'department', parent_code: '000.00.00.H99' },
  ]),
  submitDossier: (...args: unknown[]) => submitDossier(...args),
}))

const Stub = { template: '<div />' }

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/nop-ho-so/:step', name: 'wizard', component: () => import('../src/views/citizen/WizardView.vue') },
      { path: '/thu-tuc', name: 'procedure', component: Stub },
      { path: '/ho-so-da-nop', name: 'submitted', component: Stub },
      { path: '/dang-nhap', name: 'sign-in', component: Stub },
    ],
  })
  await router.push(path)
  await router.isReady()
  const App = { template: '<RouterView />' }
  const w = mount(App, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { w, router }
}

describe('WizardView', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    submitDossier.mockReset()
    session.user = { id: 7, username: 'congdan', display_name: 'Nguyễn Thị Mai', role: 'citizen', agency_code: '', demo: true }
    session.checked = true
  })

  it('pre-fills the name and asks one question per page', async () => {
    const { w } = await mountAt('/nop-ho-so/ho-ten?ma=1.001193')
    expect(w.get('h1').text()).toBe('Họ và tên người nộp hồ sơ')
    expect((w.get('#name').element as HTMLInputElement).value).toBe('Nguyễn Thị Mai')
    expect(w.findAll('input[type="text"]')).toHaveLength(1)
    w.unmount()
  })

  it('keeps a wrong answer, shows the summary and the inline message, and does not move on', async () => {
    const { w, router } = await mountAt('/nop-ho-so/so-dinh-danh?ma=1.001193')
    await w.get('#id-number').setValue('12345')
    await w.get('form').trigger('submit')
    await flushPromises()
    const summary = w.get('[data-testid="error-summary"]')
    expect(summary.text()).toContain('Số định danh cá nhân phải gồm đúng 12 chữ số')
    expect(summary.get('a').attributes('href')).toBe('#id-number')
    expect(w.get('#id-number-error').text()).toContain('Số định danh cá nhân phải gồm đúng 12 chữ số')
    expect((w.get('#id-number').element as HTMLInputElement).value).toBe('12345')
    expect(router.currentRoute.value.params.step).toBe('so-dinh-danh')
    // The answer was saved as typed, before any validation passed.
    expect(loadDraft(7, '1.001193')?.applicant.id_number).toBe('12345')

    await w.get('#id-number').setValue('001190012345')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.params.step).toBe('lien-he')
    w.unmount()
  })

  it('lists every missing required document', async () => {
    const { w } = await mountAt('/nop-ho-so/giay-to?ma=1.001193')
    await w.get('form').trigger('submit')
    await flushPromises()
    const links = w.get('[data-testid="error-summary"]').findAll('a')
    expect(links.map((a) => a.attributes('href'))).toEqual(['#component-TP1', '#component-TP2'])
    w.unmount()
  })

  it('sends the check page back to the first unanswered question', async () => {
    const { w, router } = await mountAt('/nop-ho-so/kiem-tra?ma=1.001193')
    await flushPromises()
    expect(router.currentRoute.value.params.step).toBe('noi-nop')
    w.unmount()
  })

  it('submits once with the Idempotency-Key and reuses it after a failure', async () => {
    localStorage.setItem(
      'motcua.draft.7.1.001193',
      JSON.stringify({
        procedure_code: '1.001193',
        procedure_name: 'Đăng ký khai sinh',
        user_id: 7,
        agency_code: '000.00.21.H99',
        applicant: { name: 'Nguyễn Thị Mai', id_number: '001190012345', phone: '0912345678', email: '', address: 'Số 1' },
        components: ['TP1', 'TP2'],
        idempotency_key: 'k-123',
        updated_at: 0,
      }),
    )
    const { ApiError } = await import('../src/api/client')
    submitDossier.mockRejectedValueOnce(
      new ApiError(400, { detail: 'cần nhập họ tên người nộp hồ sơ', field: 'applicant.name' }, 'cần nhập họ tên người nộp hồ sơ'),
    )
    const { w, router } = await mountAt('/nop-ho-so/kiem-tra?ma=1.001193')
    expect(w.get('h1').text()).toBe('Kiểm tra thông tin trước khi nộp')
    expect(w.text()).toContain('UBND phường Thống Nhất')
    await w.get('[data-testid="submit"]').trigger('click')
    await flushPromises()
    expect(submitDossier).toHaveBeenCalledTimes(1)
    expect(submitDossier.mock.calls[0]![1]).toBe('k-123')
    const summary = w.get('[data-testid="error-summary"]')
    expect(summary.text()).toContain('cần nhập họ tên người nộp hồ sơ')
    expect(summary.get('a').text()).toContain('cần nhập họ tên')
    expect(loadDraft(7, '1.001193')).not.toBeNull() // nothing lost

    submitDossier.mockResolvedValueOnce({ code: '000.00.21.H99-261126-0001', verification_key: 'ABCD2345', due_at: null, agency_code: '000.00.21.H99' })
    await w.get('[data-testid="submit"]').trigger('click')
    await flushPromises()
    expect(submitDossier.mock.calls[1]![1]).toBe('k-123')
    expect(router.currentRoute.value.name).toBe('submitted')
    expect(loadDraft(7, '1.001193')).toBeNull()
    expect(JSON.parse(sessionStorage.getItem('motcua.submitted')!).key).toBe('ABCD2345')
    w.unmount()
  })
})
