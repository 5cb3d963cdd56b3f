// The applicant's dossier page against a fake API, in its states: a supplement request (the
// reasons, the form refusing to send without a file, then sending the uploaded file), a
// returned result (the rating form, refused without a level, sent once, then only thanks), a
// rating given earlier (no form), and the timeline (newest first, components and agencies
// named, internal assignments left out).
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Dossier, DossierEvent } from '../src/api/types'
import { i18n } from '../src/i18n'
import { session } from '../src/lib/session'

const CODE = '000.00.21.H99-261126-0001'
const procedure = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  components: [
    { code: 'TP1', name: 'Tờ khai', required: true, copies: 1, original: true, template_url: '' },
    { code: 'TP2', name: 'Giấy chứng sinh', required: true, copies: 1, original: true, template_url: '' },
  ],
}

function dossierWith(over: Partial<Dossier>): Dossier {
  return {
    id: 1,
    version: 4,
    code: CODE,
    verification_key: 'ABCD2345',
    agency_code: '000.00.21.H99',
    handling_agency_code: '000.00.21.H99',
    procedure_code: '1.001193',
    procedure_version: 1,
    channel: 'online',
    assisted: false,
    applicant: { name: 'Nguyễn Thị Mai', id_number: '', phone: '', email: '', address: '', account: 7 },
    components: ['TP1', 'TP2'],
    attachments: [{ component: 'TP1', sha256: 'a'.repeat(64), size: 2048, content_type: 'application/pdf', name: 'to-khai.pdf' }],
    status: 'processing',
    status_code: 4,
    status_name: 'Đang xử lý',
    submitted_at: '2026-11-26T08:00',
    received_at: '2026-11-26T08:30',
    due_at: '2026-11-26T17:00',
    original_due_at: null,
    apology_issued: false,
    finished_at: null,
    returned_at: null,
    current_step: null,
    steps: [],
    supplement_requests: 0,
    amount_due_vnd: 0,
    amount_paid_vnd: 0,
    rating: null,
    verdict: 'pending',
    ...over,
  }
}

const actor = { role: 'one_stop_officer' as const, user: 3, agency_code: '000.00.21.H99', name: 'Đỗ Thị Lan' }
const ev = (seq: number, type: string, data: Record<string, unknown> = {}): DossierEvent => ({
  seq,
  at: `2026-11-26T0${Math.min(seq, 9)}:00`,
  type,
  actor,
  data,
})
const supplementEvents: DossierEvent[] = [
  ev(1, 'submitted', { channel: 'online' }),
  ev(2, 'received', { due_at: '2026-11-26T17:00' }),
  ev(3, 'step_started', { index: 0, name: 'Thẩm định hồ sơ', agency_code: '000.00.21.H99', consultation: false, note: 'ghi chú nội bộ' }),
  ev(4, 'step_assigned', { index: 0, assignee: 12 }),
  ev(5, 'supplement_requested', {
    reasons: [{ component: 'TP2', problem: 'Bản chụp bị mờ', fix: 'Tải lên bản chụp rõ nét' }],
  }),
]

let current: Dossier = dossierWith({})
let events: DossierEvent[] = []
const act = vi.fn()
vi.mock('../src/api', () => ({
  getDossier: vi.fn(async () => current),
  getEvents: vi.fn(async () => ({ code: CODE, items: events })),
  getProcedure: vi.fn(async () => procedure),
  listAgencies: vi.fn(async () => [
    { id: 2, code: '000.00.21.H99', name: 'UBND phường Thống Nhất', kind: 'commune', parent_code: null },
    { id: 9, code: '000.00.18.H99', name: 'Chi cục Thuế khu vực I', kind: 'other', parent_code: null },
  ]),
  act: (...args: unknown[]) => act(...args),
}))
const uploadFile = vi.fn()
vi.mock('../src/lib/upload', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/lib/upload')>()),
  uploadFile: (...args: unknown[]) => uploadFile(...args),
}))

async function mountPage() {
  const Stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/ho-so-cua-toi/ho-so', name: 'my-dossier', component: () => import('../src/views/citizen/MyDossierView.vue') },
      { path: '/ho-so-cua-toi', name: 'mine', component: Stub },
    ],
  })
  await router.push(`/ho-so-cua-toi/ho-so?ma=${CODE}`)
  await router.isReady()
  const App = { template: '<RouterView />' }
  const w = mount(App, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return w
}

function choose(input: ReturnType<Awaited<ReturnType<typeof mountPage>>['get']>, file: File) {
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  return input.trigger('change')
}

describe('MyDossierView', () => {
  beforeEach(() => {
    act.mockReset()
    uploadFile.mockReset()
    session.user = { id: 7, username: 'congdan', display_name: 'Nguyễn Thị Mai', role: 'citizen', agency_code: '', demo: true }
    session.checked = true
  })

  it('shows the status in words, the appointment, the files and the notices addressed to the applicant', async () => {
    current = dossierWith({ supplement_requests: 1 })
    events = supplementEvents.slice(0, 4)
    const w = await mountPage()
    expect(w.get('h1').text()).toContain(CODE)
    expect(w.get('[data-testid="status-sentence"]').text()).toBe(
      'Hồ sơ đang được UBND phường Thống Nhất giải quyết. Hẹn trả kết quả: 17:00 ngày 26/11/2026.',
    )
    expect(w.get('[data-testid="appointment"]').text()).toBe('17:00 ngày 26/11/2026')
    expect(w.get('[data-testid="files"]').text()).toContain('Tờ khai')
    expect(w.get('[data-testid="attachment-link"]').attributes('href')).toBe(`/api/attachments/${'a'.repeat(64)}`)
    const docs = w.get('[data-testid="documents"]').findAll('a').map((a) => a.attributes('data-testid'))
    expect(docs).toEqual(['document-receipt', 'document-supplement-request'])
    expect(w.find('[data-testid="supplement"]').exists()).toBe(false)
    expect(w.find('[data-testid="rating"]').exists()).toBe(false)
    w.unmount()
  })

  it('renders a readable timeline: newest first, named components and agencies, no internal assignment or note', async () => {
    current = dossierWith({})
    events = [
      ...supplementEvents,
      ev(6, 'supplement_received', { components: ['TP2'], new_due_at: '2026-11-27T17:00' }),
      ev(7, 'step_started', { index: 1000, name: 'Lấy ý kiến', agency_code: '000.00.18.H99', consultation: true }),
      ev(8, 'step_completed', { index: 1000, verdict: 'on_time', note: 'Thống nhất' }),
    ]
    const w = await mountPage()
    const items = w.get('[data-testid="timeline"]').findAll('li.timeline__item')
    expect(items.map((li) => li.get('h3').text())).toEqual([
      'Cơ quan liên quan đã cho ý kiến',
      'Lấy ý kiến cơ quan liên quan',
      'Nhận hồ sơ bổ sung',
      'Yêu cầu bổ sung hồ sơ',
      'Chuyển xử lý',
      'Tiếp nhận hồ sơ',
      'Nộp hồ sơ',
    ])
    expect(items[1]!.text()).toContain('Chi cục Thuế khu vực I')
    expect(items[2]!.text()).toContain('Giấy tờ bổ sung: Giấy chứng sinh')
    expect(items[3]!.text()).toContain('Giấy chứng sinh: Bản chụp bị mờ — Tải lên bản chụp rõ nét')
    expect(items[4]!.text()).toContain('Thẩm định hồ sơ — UBND phường Thống Nhất')
    const text = w.get('[data-testid="timeline"]').text()
    expect(text).not.toContain('Phân công')
    expect(text).not.toContain('ghi chú nội bộ')
    expect(text).not.toContain('Thống nhất') // the consulted agency's answer is internal
    w.unmount()
  })

  it('supplement: shows the reasons, refuses to send without a file, then sends the uploaded file', async () => {
    current = dossierWith({ status: 'supplement_requested', supplement_requests: 1, version: 6 })
    events = supplementEvents
    const w = await mountPage()
    const section = w.get('[data-testid="supplement"]')
    const row = section.get('[data-testid="supplement-reasons"] tbody tr')
    expect(row.text()).toContain('Giấy chứng sinh')
    expect(row.text()).toContain('Bản chụp bị mờ')
    expect(row.text()).toContain('Tải lên bản chụp rõ nét')
    expect(section.text()).toContain('PDF, PNG hoặc JPEG, mỗi tệp tối đa 20 MB')
    // The component asked for is ticked; nothing uploaded yet.
    expect((w.get('#supplement-TP2').element as HTMLInputElement).checked).toBe(true)
    expect((w.get('#supplement-TP1').element as HTMLInputElement).checked).toBe(false)
    await section.get('form').trigger('submit')
    await flushPromises()
    const summary = w.get('[data-testid="error-summary"]')
    expect(summary.text()).toContain('Tải lên tệp cho “Giấy chứng sinh”')
    expect(summary.get('a').attributes('href')).toBe('#file-TP2')
    expect(w.get('#file-TP2-error').text()).toContain('Tải lên tệp cho “Giấy chứng sinh”')
    expect(act).not.toHaveBeenCalled()

    // Unticking everything is refused too.
    await w.get('#supplement-TP2').setValue(false)
    await section.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-summary"]').text()).toContain('Chọn ít nhất một giấy tờ để gửi bổ sung')
    expect(act).not.toHaveBeenCalled()

    await w.get('#supplement-TP2').setValue(true)
    const stored = { sha256: 'b'.repeat(64), size: 4096, content_type: 'application/pdf', name: 'giay-chung-sinh.pdf' }
    uploadFile.mockResolvedValueOnce(stored)
    await choose(w.get('#file-TP2'), new File(['%PDF-1.4'], 'giay-chung-sinh.pdf', { type: 'application/pdf' }))
    await flushPromises()
    expect(w.get('[data-testid="files-TP2"]').text()).toContain('giay-chung-sinh.pdf')

    const after = dossierWith({ status: 'processing', supplement_requests: 1, version: 7 })
    act.mockResolvedValueOnce(after)
    events = [...supplementEvents, ev(6, 'supplement_received', { components: ['TP2'], new_due_at: null })]
    await section.get('form').trigger('submit')
    await flushPromises()
    expect(act).toHaveBeenCalledTimes(1)
    expect(act.mock.calls[0]).toEqual([
      CODE,
      'provide-supplement',
      { components: ['TP2'], attachments: [{ component: 'TP2', sha256: 'b'.repeat(64), name: 'giay-chung-sinh.pdf' }] },
      6,
    ])
    expect(w.get('[data-testid="task-done"]').text()).toContain('Đã gửi hồ sơ bổ sung')
    expect(w.find('[data-testid="supplement"]').exists()).toBe(false)
    expect(w.get('[data-testid="status"]').text()).toBe('Đang xử lý')
    w.unmount()
  })

  it('rating: offered after the result is returned, refused without a level, sent once, then thanks only', async () => {
    current = dossierWith({ status: 'returned', returned_at: '2026-11-26T16:00', finished_at: '2026-11-26T15:00', version: 9 })
    events = supplementEvents.slice(0, 2)
    const w = await mountPage()
    expect(w.get('[data-testid="status-sentence"]').text()).toContain('Kết quả đã được trả cho bạn lúc 16:00 ngày 26/11/2026')
    const rating = w.get('[data-testid="rating"]')
    const labels = rating.findAll('.radio__label').map((l) => l.text())
    expect(labels).toEqual(['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Rất không hài lòng'])
    await rating.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-summary"]').text()).toContain('Chọn mức độ hài lòng của bạn')
    expect(w.find('#rating-error').exists()).toBe(true)
    expect(act).not.toHaveBeenCalled()

    await w.get('#rating-4').setValue(true)
    await w.get('#rating-comment').setValue('  Cán bộ hướng dẫn tận tình  ')
    act.mockResolvedValueOnce({ ...current, rating: 4, version: 10 })
    await rating.get('form').trigger('submit')
    await flushPromises()
    expect(act).toHaveBeenCalledTimes(1)
    expect(act.mock.calls[0]).toEqual([CODE, 'rate', { score: 4, comment: 'Cán bộ hướng dẫn tận tình' }, 9])
    const thanks = w.get('[data-testid="rating-thanks"]')
    expect(thanks.text()).toContain('Cảm ơn bạn đã đánh giá')
    expect(thanks.text()).toContain('Bạn đã đánh giá: Hài lòng.')
    expect(w.find('[data-testid="rating-submit"]').exists()).toBe(false)
    expect(document.activeElement).toBe(thanks.element)
    w.unmount()
  })

  it('a dossier rated earlier shows the rating given and no form', async () => {
    current = dossierWith({ status: 'returned', returned_at: '2026-11-26T16:00', rating: 5 })
    events = supplementEvents.slice(0, 2)
    const w = await mountPage()
    expect(w.get('[data-testid="rating-thanks"]').text()).toContain('Rất hài lòng')
    expect(w.find('[data-testid="rating"] form').exists()).toBe(false)
    w.unmount()
  })

  it('offers no supplement or rating on a dossier that is not the signed-in citizen’s', async () => {
    current = dossierWith({ status: 'supplement_requested', applicant: { ...dossierWith({}).applicant, account: 99 } })
    events = supplementEvents
    const w = await mountPage()
    expect(w.find('[data-testid="supplement"]').exists()).toBe(false)
    w.unmount()
  })
})
