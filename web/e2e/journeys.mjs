// End-to-end journeys run by portal.e2e.mjs after its own, with its harness (step, check, assert,
// apiClient) and server. Each journey signs its people in in their own browser contexts:
//
//  supplementAndRating — the commune officer asks for a supplement on the citizen's online
//    dossier (structured reason); the citizen opens it from "Hồ sơ của tôi", reads the reason,
//    is stopped without a file, uploads one with progress and sends it; downloads the receipt
//    and the supplement request; once the commune has settled and returned the result, the
//    citizen rates it, once, and sees the thanks.
//  interAgency — a counter dossier received by the department's one-stop officer is forwarded;
//    the specialist consults the tax office, cannot finish the step before the answer, the tax
//    office's specialist answers, the specialist finishes the step, the leader issues the result
//    and the officer returns it.
//  apology — the department's leader finds an overdue seeded dossier in the "Quá hạn" queue,
//    apologises with a new date, and the apology letter PDF is offered.
const DEPARTMENT = '000.00.05.H99' // Sở Nông nghiệp và Môi trường (the demo staff's agency)
const TAX_OFFICE = '000.00.18.H99' // Chi cục Thuế khu vực I
const PERMIT_RENEWAL = '1.010728' // Cấp đổi, điều chỉnh giấy phép môi trường (cấp tỉnh)
const PDF = Buffer.from('%PDF-1.4\n% giay chung sinh\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// A page of a new browser context, signed in as `username` through the sign-in page at `path`.
async function signedIn(h, path, username, password, heading) {
  const ctx = await h.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' })
  const page = await ctx.newPage()
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => h.consoleErrors.push(String(e)))
  await page.goto(`${h.base}${path}`)
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  return page
}

const officePage = (h, username, password) => signedIn(h, '/can-bo', username, password, 'Hồ sơ cần xử lý')

async function openDossier(h, page, code) {
  await page.goto(`${h.base}/can-bo/ho-so?ma=${encodeURIComponent(code)}`)
  await page.getByRole('heading', { level: 1, name: new RegExp(esc(code)) }).waitFor()
}

// Takes an action on the open back-office dossier page: `fill` completes its form, if it has one.
async function act(page, action, fill) {
  await page.getByTestId(`action-${action}`).click()
  if (fill) {
    await fill()
    await page.getByTestId('action-confirm').click()
  }
  await page.getByTestId('action-done').waitFor()
}

async function statusOf(page) {
  return (await page.getByTestId('status').textContent()).trim()
}

async function fetchPdf(h, page, href) {
  const r = await page.request.get(`${h.base}${href}`)
  h.assert(r.status() === 200, `${href}: ${r.status()}`)
  h.assert((r.headers()['content-type'] ?? '').startsWith('application/pdf'), `${href}: ${r.headers()['content-type']}`)
  h.assert((await r.body()).subarray(0, 5).toString() === '%PDF-', `${href} is a PDF`)
}

// A Vietnam civil time "YYYY-MM-DDTHH:MM" `days` after the later of now and `after` (same form), at 17:00.
function laterDate(after, days) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(after ?? '')
  const afterMs = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) - 7 * 3600_000 : 0
  const base = Math.max(Date.now(), afterMs) + days * 86_400_000 + 7 * 3600_000
  return `${new Date(base).toISOString().slice(0, 10)}T17:00`
}

// h: { browser, base, step, check, assert, apiClient, PASSWORD, COMMUNE, officer, consoleErrors };
// code: the citizen's online dossier at the commune, in processing.
export async function supplementAndRatingJourney(h, code) {
  const { step, check, assert } = h
  const leader = { username: 'lanhdao_thongnhat', password: 'lanhdao@2026', name: 'Bùi Văn Toàn' }
  const office = await officePage(h, h.officer.username, h.officer.password)
  let citizen = null
  const problem = 'Bản chụp giấy chứng sinh bị mờ, không đọc được số'
  const fix = 'Tải lên bản chụp rõ nét, đủ bốn góc'

  await step('supplement: the commune officer asks for a clearer birth certificate (structured reason)', async () => {
    await openDossier(h, office, code)
    await act(office, 'request-supplement', async () => {
      await office.getByLabel('Giấy tờ liên quan').selectOption('TP2')
      await office.getByLabel('Vấn đề').fill(problem)
      await office.getByLabel('Cách khắc phục').fill(fix)
    })
    assert((await statusOf(office)) === 'Yêu cầu bổ sung', `status ${await statusOf(office)}`)
    await office.getByTestId('document-supplement-request').waitFor()
    await check(office, '70-office-supplement-requested')
  })

  await step('supplement: the citizen opens the dossier from "Hồ sơ của tôi" and reads what to fix', async () => {
    citizen = await signedIn(h, '/ho-so-cua-toi', 'congdan', h.PASSWORD, 'Hồ sơ của tôi')
    await citizen.getByRole('link', { name: code }).click()
    await citizen.getByRole('heading', { level: 1, name: new RegExp(esc(code)) }).waitFor()
    assert((await citizen.getByTestId('status-sentence').textContent()).includes('đề nghị bạn bổ sung'), 'status in words')
    const reasons = await citizen.getByTestId('supplement-reasons').textContent()
    for (const s of ['Giấy chứng sinh', problem, fix]) assert(reasons.includes(s), `reasons lack "${s}": ${reasons}`)
    const form = await citizen.getByTestId('supplement').textContent()
    assert(form.includes('PDF, PNG hoặc JPEG') && form.includes('20 MB'), `formats and limit stated: ${form}`)
    assert(await citizen.getByRole('checkbox', { name: /Giấy chứng sinh/ }).isChecked(), 'the component asked for is ticked')
    await check(citizen, '71-citizen-supplement-requested', { narrow: true })
  })

  await step('supplement: sending without a file is explained; the uploaded file is sent', async () => {
    await citizen.getByTestId('supplement-submit').click()
    const summary = citizen.getByTestId('error-summary')
    await summary.waitFor()
    assert((await summary.textContent()).includes('Tải lên tệp cho'), `summary: ${await summary.textContent()}`)
    await check(citizen, '72-citizen-supplement-error')
    const files = citizen.getByTestId('files-TP2')
    await files.locator('input[type=file]').setInputFiles({ name: 'giay-chung-sinh-ro.pdf', mimeType: 'application/pdf', buffer: PDF })
    await files.getByText('Đã tải lên').waitFor()
    await citizen.getByTestId('supplement-submit').click()
    await citizen.getByTestId('task-done').waitFor()
    assert((await statusOf(citizen)) === 'Đang xử lý', `status after the supplement: ${await statusOf(citizen)}`)
    assert((await citizen.getByTestId('files').textContent()).includes('giay-chung-sinh-ro.pdf'), 'the file is on the dossier')
    assert((await citizen.getByTestId('timeline').textContent()).includes('Nhận hồ sơ bổ sung'), 'timeline has the supplement')
    await check(citizen, '73-citizen-supplement-sent', { narrow: true })
  })

  await step('supplement: the citizen downloads the receipt and the supplement request addressed to them', async () => {
    const kinds = await citizen.getByTestId('documents').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid))
    assert(
      JSON.stringify(kinds) === JSON.stringify(['document-receipt', 'document-supplement-request']),
      `documents offered: ${kinds}`,
    )
    for (const k of ['receipt', 'supplement-request'])
      await fetchPdf(h, citizen, await citizen.getByTestId(`document-${k}`).getAttribute('href'))
  })

  await step('rating: the commune settles and returns the result; the citizen rates it once', async () => {
    const admin = await h.apiClient(h.base, 'quantri', h.PASSWORD)
    let r = await admin('POST', '/api/accounts', {
      username: leader.username,
      display_name: leader.name,
      role: 'agency_leader',
      agency_code: h.COMMUNE,
      password: leader.password,
    })
    assert(r.status === 201, `create the commune leader: ${r.status} ${JSON.stringify(r.json)}`)
    const boss = await h.apiClient(h.base, leader.username, leader.password)
    const path = `/api/dossiers/${encodeURIComponent(code)}/actions/`
    r = await boss('POST', `${path}complete-step`, { note: 'Hồ sơ hợp lệ' })
    assert(r.status === 200, `complete-step: ${r.status} ${JSON.stringify(r.json)}`)
    r = await boss('POST', `${path}issue-result`, { result: 'Giấy khai sinh (bản chính)' })
    assert(r.status === 200, `issue-result: ${r.status} ${JSON.stringify(r.json)}`)
    const officer = await h.apiClient(h.base, h.officer.username, h.officer.password)
    r = await officer('POST', `${path}return-result`, { method: 'online' })
    assert(r.status === 200 && r.json.status === 'returned', `return-result: ${r.status} ${JSON.stringify(r.json)}`)

    await citizen.reload()
    const rating = citizen.getByTestId('rating')
    await rating.waitFor()
    assert((await statusOf(citizen)) === 'Đã trả kết quả', `status ${await statusOf(citizen)}`)
    await check(citizen, '74-citizen-rating', { narrow: true })
    await citizen.getByTestId('rating-submit').click()
    const summary = citizen.getByTestId('error-summary')
    await summary.waitFor()
    assert((await summary.textContent()).includes('Chọn mức độ hài lòng'), 'a level is required')
    await citizen.getByLabel('Hài lòng', { exact: true }).check()
    await citizen.getByLabel(/Ý kiến thêm/).fill('Cán bộ hướng dẫn bổ sung rõ ràng')
    await citizen.getByTestId('rating-submit').click()
    await citizen.getByTestId('rating-thanks').waitFor()
    assert((await citizen.getByTestId('rating-thanks').textContent()).includes('Cảm ơn bạn đã đánh giá'), 'thanks shown')
    await check(citizen, '75-citizen-rated')
    // Once: after a reload there is no form, only the rating given.
    await citizen.reload()
    await citizen.getByTestId('rating-thanks').waitFor()
    assert((await citizen.getByTestId('rating-submit').count()) === 0, 'no second rating form')
    assert((await citizen.getByTestId('rating-thanks').textContent()).includes('Hài lòng'), 'the level given is shown')
    assert((await citizen.getByTestId('timeline').textContent()).includes('Mức độ hài lòng: Hài lòng'), 'timeline has the rating')
    const d = await citizen.evaluate(async (c) => (await fetch(`/api/dossiers/${encodeURIComponent(c)}`)).json(), code)
    assert(d.rating === 4, `rating stored: ${d.rating}`)
  })
  await office.context().close()
  await citizen?.context().close()
}

export async function interAgencyJourney(h) {
  const { step, check, assert } = h
  const taxSpecialist = { username: 'thue_chuyenvien', password: 'thue@2026', name: 'Ngô Thị Hạnh' }
  let code = ''
  await step('inter-agency: a counter dossier is taken in at the department (received at once)', async () => {
    const admin = await h.apiClient(h.base, 'quantri', h.PASSWORD)
    let r = await admin('POST', '/api/accounts', {
      username: taxSpecialist.username,
      display_name: taxSpecialist.name,
      role: 'specialist',
      agency_code: TAX_OFFICE,
      password: taxSpecialist.password,
    })
    assert(r.status === 201, `create the tax office specialist: ${r.status} ${JSON.stringify(r.json)}`)
    const desk = await h.apiClient(h.base, 'motcua', h.PASSWORD)
    const procedure = (await desk('GET', `/api/catalog/procedures/${PERMIT_RENEWAL}`)).json
    r = await desk(
      'POST',
      '/api/dossiers',
      {
        procedure_code: PERMIT_RENEWAL,
        agency_code: DEPARTMENT,
        channel: 'counter',
        applicant: { name: 'Công ty TNHH Nước sạch Hòa Bình Xanh', phone: '0912000111', address: 'Số 5, đường Cù Chính Lan' },
        components: procedure.components.filter((c) => c.required).map((c) => c.code),
      },
      { 'Idempotency-Key': 'e2e-inter-agency-1' },
    )
    assert(r.status === 201 && r.json.status === 'received', `counter intake: ${r.status} ${JSON.stringify(r.json)}`)
    code = r.json.code
  })

  const officer = await officePage(h, 'motcua', h.PASSWORD)
  await step('inter-agency: the one-stop officer forwards it to the department', async () => {
    await openDossier(h, officer, code)
    assert((await statusOf(officer)) === 'Đã tiếp nhận', `status ${await statusOf(officer)}`)
    await check(officer, '50-interagency-received')
    await act(officer, 'forward', () => officer.getByLabel('Ghi chú').fill('Đủ thành phần, chuyển thẩm định'))
    assert((await statusOf(officer)) === 'Đang xử lý', `status ${await statusOf(officer)}`)
  })

  const specialist = await officePage(h, 'chuyenvien', h.PASSWORD)
  await step('inter-agency: the specialist consults the tax office and cannot finish before the answer', async () => {
    await specialist.getByLabel('Mở hồ sơ theo mã').fill(code)
    await specialist.getByRole('button', { name: 'Mở', exact: true }).click()
    await specialist.getByRole('heading', { level: 1, name: new RegExp(esc(code)) }).waitFor()
    await act(specialist, 'consult', async () => {
      await specialist.getByLabel('Mã cơ quan được hỏi ý kiến').fill(TAX_OFFICE)
      await specialist.getByLabel('Nội dung xin ý kiến').fill('Đề nghị cho ý kiến về nghĩa vụ tài chính của doanh nghiệp')
      await specialist.getByLabel('Thời hạn trả lời').fill('2')
    })
    const steps = await specialist.locator('table').filter({ hasText: 'Lấy ý kiến cơ quan phối hợp' }).textContent()
    assert(steps.includes('Chi cục Thuế khu vực I'), `the consultation step names the tax office: ${steps}`)
    await specialist.getByTestId('action-complete-step').click()
    await specialist.getByTestId('action-confirm').click()
    const summary = specialist.getByTestId('error-summary')
    await summary.waitFor()
    assert((await summary.textContent()).includes('chưa trả lời'), `refused until answered: ${await summary.textContent()}`)
    await check(specialist, '51-interagency-consulting')
  })

  const tax = await officePage(h, taxSpecialist.username, taxSpecialist.password)
  await step('inter-agency: the tax office specialist answers the consultation', async () => {
    await openDossier(h, tax, code)
    await tax.getByTestId('action-answer-consultation').click()
    const index = await tax.getByLabel('Bước lấy ý kiến (số thứ tự)').inputValue()
    assert(/^\d+$/.test(index), `the open consultation is pre-selected: "${index}"`)
    await tax.getByLabel('Nội dung trả lời').fill('Doanh nghiệp đã hoàn thành nghĩa vụ tài chính đến quý III')
    await tax.getByTestId('action-confirm').click()
    await tax.getByTestId('action-done').waitFor()
    await tax.getByTestId('events').getByText(/Doanh nghiệp đã hoàn thành nghĩa vụ/).waitFor() // the answer is logged
    await check(tax, '52-interagency-answered')
  })

  const leader = await officePage(h, 'lanhdao', h.PASSWORD)
  await step('inter-agency: the specialist finishes the step, the leader issues the result, the officer returns it', async () => {
    await openDossier(h, specialist, code)
    await act(specialist, 'complete-step', () => specialist.getByLabel('Ghi chú').fill('Đủ điều kiện cấp đổi'))
    await openDossier(h, leader, code)
    await act(leader, 'issue-result', () =>
      leader.getByLabel('Kết quả giải quyết').fill('Giấy phép môi trường số 15/GPMT-SNNMT (cấp đổi)'),
    )
    assert((await statusOf(leader)) === 'Đã có kết quả', `status ${await statusOf(leader)}`)
    await check(leader, '53-interagency-result-issued')
    await openDossier(h, officer, code)
    await act(officer, 'return-result', async () => {
      await officer.getByLabel('Hình thức trả kết quả').selectOption('counter')
    })
    assert((await statusOf(officer)) === 'Đã trả kết quả', `status ${await statusOf(officer)}`)
    await officer.getByTestId('events').getByRole('heading', { name: 'Trả kết quả' }).waitFor()
    const log = await officer.getByTestId('events').textContent()
    for (const s of ['Hoàn thành bước xử lý', 'Có kết quả giải quyết', 'Trả kết quả'])
      assert(log.includes(s), `event log lacks "${s}"`)
    await fetchPdf(h, officer, await officer.getByTestId('document-control-slip').getAttribute('href'))
    await check(officer, '54-interagency-returned')
  })
  for (const p of [officer, specialist, tax]) await p.context().close()
  return leader
}

// `leader`: a page signed in as the department's leader (or null to sign in).
export async function apologyJourney(h, leader = null) {
  const { step, check, assert } = h
  const page = leader ?? (await officePage(h, 'lanhdao', h.PASSWORD))
  let code = ''
  let due = ''
  await step('apology: an overdue seeded dossier of the department, not yet apologised for', async () => {
    const api = await h.apiClient(h.base, 'lanhdao', h.PASSWORD)
    const list = await api('GET', '/api/dossiers?overdue=true&open=true&sort=due&limit=50')
    assert(list.status === 200, `overdue list: ${list.status}`)
    for (const s of list.json.items) {
      const d = (await api('GET', `/api/dossiers/${encodeURIComponent(s.code)}`)).json
      if (!d.apology_issued && d.status !== 'submitted') {
        code = d.code
        due = d.due_at
        break
      }
    }
    assert(code, `the seeded province has an overdue dossier in ${DEPARTMENT}'s subtree (${list.json.total} overdue)`)
    await page.goto(`${h.base}/can-bo?tab=overdue`)
    const row = page.getByTestId('queue').getByRole('row').filter({ hasText: code })
    await row.waitFor()
    assert((await row.textContent()).includes('Quá hạn'), `the queue shows it overdue: ${await row.textContent()}`)
    await check(page, '60-apology-overdue-queue')
    await row.getByRole('link', { name: code }).click()
    await page.getByRole('heading', { level: 1, name: new RegExp(esc(code)) }).waitFor()
  })

  await step('apology: the leader apologises with a new date; the apology letter PDF is offered', async () => {
    const newDue = laterDate(due, 5)
    await act(page, 'apologize', async () => {
      await page.getByLabel('Lý do', { exact: true }).fill('Cần thêm thời gian xác minh hiện trạng sử dụng đất')
      await page.getByLabel('Ngày giờ hẹn trả mới').fill(newDue)
    })
    const [date, time] = newDue.split('T')
    const shown = `${time} ngày ${date.split('-').reverse().join('/')}`
    const text = await page.textContent('main')
    assert(text.includes('Hẹn trả ban đầu'), 'the original date is kept beside the new one')
    assert(text.includes(shown), `the new date ${shown} is shown`)
    const link = page.getByTestId('document-apology')
    await link.waitFor()
    await fetchPdf(h, page, await link.getAttribute('href'))
    await check(page, '61-apology-issued')
  })
  await page.context().close()
}
