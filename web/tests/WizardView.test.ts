// The wizard against a fake API: validation keeps the answer and shows the summary and the
// inline message; answers survive navigation; submit sends the draft's Idempotency-Key, and a
// repeated submit after an error reuses it; the draft is saved on the server at every page
// change (kept on the device when offline) and resumed from there on another device.
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
// The server's drafts (POST/PUT/GET /api/drafts).
const createDraft = vi.fn()
const saveServerDraft = vi.fn()
const getDraft = vi.fn()
const listDrafts = vi.fn()
vi.mock('../src/api', () => ({
  createDraft: (...args: unknown[]) => createDraft(...args),
  saveDraft: (...args: unknown[]) => saveServerDraft(...args),
  getDraft: (...args: unknown[]) => getDraft(...args),
  listDrafts: (...args: unknown[]) => listDrafts(...args),
  getProcedure: vi.fn(async () => procedure),
  listAgencies: vi.fn(async () => [
    { id: 2, code: '000.00.21.H99', name: 'UBND phường Thống Nhất', kind: 'commune', parent_code: '000.00.00.H99' },
    { id: 3, code: '000.00.05.H99', name: 'Sở Nông nghiệp và Môi trường', kind: 'department', parent_code: '000.00.00.H99' },
  ]),
  submitDossier: (...args: unknown[]) => submitDossier(...args),
}))

const Stub = { template: '<div />' }

function serverDraft(id: string, version: number, answers: string) {
  return {
    id,
    procedure_code: '1.001193',
    procedure_name: 'Đăng ký khai sinh',
    agency_code: '',
    attachments: [],
    version,
    status: 'open',
    dossier_code: null,
    submitted_at: null,
    created_at: '2026-03-02T09:00',
    updated_at: '2026-03-02T09:00',
    expires_at: '2026-04-01T09:00',
    answers,
  }
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/nop-ho-so/:step', name: 'wizard', component: () => import('../src/views/citizen/WizardView.vue') },
      { path: '/thu-tuc', name: 'procedure', component: Stub },
      { path: '/ho-so-da-nop', name: 'submitted', component: Stub },
      { path: '/dang-nhap', name: 'sign-in', component: Stub },
      { path: '/ho-so-cua-toi', name: 'mine', component: Stub },
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
    for (const f of [createDraft, saveServerDraft, getDraft, listDrafts]) f.mockReset()
    listDrafts.mockResolvedValue({ items: [], limit: 50 })
    createDraft.mockImplementation(async (body: { procedure_code: string; answers: string }) => serverDraft('d1', 1, body.answers))
    saveServerDraft.mockImplementation(async (id: string, version: number, body: { answers: string }) =>
      serverDraft(id, version + 1, body.answers),
    )
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

  it('autosaves to the server at every page change, and only what changed', async () => {
    const { w, router } = await mountAt('/nop-ho-so/noi-nop?ma=1.001193')
    await flushPromises()
    expect(createDraft).not.toHaveBeenCalled() // opening the wizard starts nothing
    await w.get('#agency').setValue('000.00.21.H99')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.params.step).toBe('ho-ten')
    expect(createDraft).toHaveBeenCalledTimes(1)
    const created = createDraft.mock.calls[0]![0] as { procedure_code: string; agency_code: string; answers: string }
    expect(created.procedure_code).toBe('1.001193')
    expect(created.agency_code).toBe('000.00.21.H99')
    expect(JSON.parse(created.answers).applicant.name).toBe('Nguyễn Thị Mai')
    expect(loadDraft(7, '1.001193')?.server_id).toBe('d1')
    expect(w.get('[data-testid="saved-note"]').text()).toContain('thiết bị khác')

    // Back without changes: nothing to send.
    await router.push('/nop-ho-so/noi-nop?ma=1.001193')
    await flushPromises()
    expect(saveServerDraft).not.toHaveBeenCalled()

    // A validation error keeps the answer here; the next page change saves it on the server.
    await router.push('/nop-ho-so/so-dinh-danh?ma=1.001193')
    await flushPromises()
    await w.get('#id-number').setValue('0011')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(saveServerDraft).not.toHaveBeenCalled()
    await w.get('#id-number').setValue('001190012345')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(saveServerDraft).toHaveBeenCalledTimes(1)
    expect(saveServerDraft.mock.calls[0]![0]).toBe('d1')
    expect(saveServerDraft.mock.calls[0]![1]).toBe(1) // If-Match: the version it last saw
    expect(JSON.parse((saveServerDraft.mock.calls[0]![2] as { answers: string }).answers).applicant.id_number).toBe('001190012345')
    w.unmount()
  })

  it('offline, the answers stay on this device and the note says so', async () => {
    createDraft.mockRejectedValue(new (await import('../src/api/client')).ApiError(0, {}, 'Không kết nối được'))
    const { w, router } = await mountAt('/nop-ho-so/noi-nop?ma=1.001193')
    await w.get('#agency').setValue('000.00.21.H99')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.params.step).toBe('ho-ten')
    expect(w.get('[data-testid="saved-note"]').text()).toContain('Chưa lưu được lên hệ thống')
    expect(loadDraft(7, '1.001193')?.agency_code).toBe('000.00.21.H99')
    w.unmount()
  })

  it('resumes on another device a draft saved on the server, and submits it by its id', async () => {
    const answers = JSON.stringify({
      v: 1,
      procedure_name: 'Đăng ký khai sinh',
      agency_code: '000.00.21.H99',
      applicant: { name: 'Nguyễn Thị Mai', id_number: '001190012345', phone: '0912345678', email: '', address: 'Số 1' },
      components: ['TP1', 'TP2'],
      attachments: [],
      idempotency_key: 'k-from-laptop',
    })
    getDraft.mockResolvedValue(serverDraft('d9', 4, answers))
    submitDossier.mockResolvedValueOnce({ code: '000.00.21.H99-261126-0002', verification_key: 'WXYZ2345', due_at: null, agency_code: '000.00.21.H99' })
    // This device has nothing saved.
    const { w, router } = await mountAt('/nop-ho-so/kiem-tra?ma=1.001193&nhap=d9')
    await flushPromises()
    expect(getDraft).toHaveBeenCalledWith('d9')
    expect(w.get('h1').text()).toBe('Kiểm tra thông tin trước khi nộp')
    expect(w.text()).toContain('001190012345')
    expect(w.text()).toContain('UBND phường Thống Nhất')
    await w.get('[data-testid="submit"]').trigger('click')
    await flushPromises()
    expect(saveServerDraft).not.toHaveBeenCalled() // nothing new to save first
    expect(submitDossier).toHaveBeenCalledTimes(1)
    expect((submitDossier.mock.calls[0]![0] as { draft_id?: string }).draft_id).toBe('d9')
    expect(submitDossier.mock.calls[0]![1]).toBe('k-from-laptop')
    expect(router.currentRoute.value.name).toBe('submitted')
    expect(loadDraft(7, '1.001193')).toBeNull()
    w.unmount()
  })

  it('says so when the draft was submitted from another device', async () => {
    getDraft.mockResolvedValue({ ...serverDraft('d9', 5, '{}'), status: 'submitted', dossier_code: '000.00.21.H99-261126-0003' })
    const { w } = await mountAt('/nop-ho-so/kiem-tra?ma=1.001193&nhap=d9')
    await flushPromises()
    expect(w.get('[data-testid="draft-submitted-elsewhere"]').text()).toContain('000.00.21.H99-261126-0003')
    expect(w.find('[data-testid="submit"]').exists()).toBe(false)
    w.unmount()
  })
})
