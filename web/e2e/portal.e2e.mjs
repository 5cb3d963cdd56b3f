#!/usr/bin/env node
// End to end, in Debian's chromium, against a real `motcua serve` on a temporary database:
// a citizen finds "dang ky khai sinh", applies online through the one-question-per-page wizard
// (with a validation error and a reload on the way), gets the code and key, and tracks the
// dossier without signing in; a one-stop officer of the commune finds it in the queue, receives
// it, and meets a conflict (problem+json detail in the error summary) when someone else acted
// first. axe-core runs on every page (serious or critical violations fail the run); screenshots
// go to web/test-results/. Pages are also checked at 320 px width (no horizontal scrolling).
// Then the journeys of e2e/journeys.mjs: supplement and rating by the citizen, an inter-agency
// consultation through to the returned result, and an apology with a new date. Last, the
// administrator publishes a new procedure version (the citizen's search shows it at once), edits
// an internal process against its legal deadline and an agency's calendar; and e2e/english.mjs
// visits the citizen's and the administration's newer pages in English.
//
// Environment: MOTCUA_BIN (default: build/debug/src/app/motcua, else build/motcua),
// CHROMIUM (default /usr/bin/chromium), E2E_DOSSIERS (demo dossiers to seed, default 300).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WEB, axe, chromiumPresent, launch, shot } from './browser.mjs'
import { apologyJourney, interAgencyJourney, supplementAndRatingJourney } from './journeys.mjs'
import { englishJourney } from './english.mjs'

const ROOT = join(WEB, '..')
const BIN =
  process.env.MOTCUA_BIN ??
  [join(ROOT, 'build/debug/src/app/motcua'), join(ROOT, 'build/motcua')].find((p) => existsSync(p))
const DIST = join(WEB, 'dist')
const PASSWORD = 'demo@2026'
const COMMUNE = '000.00.21.H99' // UBND phường Thống Nhất

if (!chromiumPresent()) {
  console.log('e2e: SKIPPED — /usr/bin/chromium is not installed (apt-get install chromium)')
  process.exit(0)
}
if (!BIN || !existsSync(BIN)) {
  console.error('e2e: the motcua executable was not found; build it or set MOTCUA_BIN')
  process.exit(2)
}
if (!existsSync(join(DIST, 'index.html'))) {
  console.error('e2e: web/dist is missing; run "npm run build" first')
  process.exit(2)
}

// ---- A tiny test harness ------------------------------------------------------------------
const results = []
const axeFindings = []
let current = ''
async function step(name, fn) {
  current = name
  const started = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`  ok   ${name} (${Date.now() - started} ms)`)
  } catch (e) {
    results.push({ name, ok: false, error: e })
    console.log(`  FAIL ${name}\n       ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n       ')}`)
    throw e
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message)
}
// axe on the current page, a full-page screenshot, and a 320 px reflow check.
async function check(page, name, { narrow = false } = {}) {
  const violations = await axe(page)
  for (const v of violations) axeFindings.push({ page: name, ...v })
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  await shot(page, name)
  assert(bad.length === 0, `axe on ${name}: ${bad.map((v) => `${v.id} (${v.impact}) ${v.nodes.join(', ')}`).join('; ')}`)
  if (narrow) {
    const size = page.viewportSize()
    await page.setViewportSize({ width: 320, height: 800 })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    await shot(page, `${name}-320px`)
    await page.setViewportSize(size)
    assert(overflow <= 0, `${name} scrolls sideways at 320 px by ${overflow} px`)
  }
}

// ---- Server --------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'motcua-e2e-'))
const db = join(work, 'e2e.db')
let server = null
let browser = null

function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true })
}
process.on('exit', cleanup)

async function startServer() {
  const dossiers = process.env.E2E_DOSSIERS ?? '300'
  const seed = spawnSync(BIN, ['seed-demo', '--db', db, '--dossiers', dossiers], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'], // the progress bar is long
    maxBuffer: 64 * 1024 * 1024,
  })
  assert(seed.status === 0, `seed-demo failed (${seed.status ?? seed.signal ?? seed.error}): ${seed.stderr}`)
  // Every user of the suite signs in from 127.0.0.1: the per-address sign-in limit is raised so
  // that it does not stand between the journeys (the limit itself is tested in tests/integration).
  const config = join(work, 'serve.json')
  writeFileSync(config, JSON.stringify({ rate_limits: { login_per_ip: { per_second: 50, burst: 500 } } }))
  server = spawn(BIN, ['serve', '--db', db, '--port', '0', '--address', '127.0.0.1', '--web', DIST, '--demo', '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let log = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000)
    const onData = (chunk) => {
      log += chunk
      const m = /serving .* on http:\/\/[^:]+:(\d+)\//.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${m[1]}`)
      }
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)))
  })
}

// A signed-in API client (cookie + CSRF) for setting the scene and acting behind the UI's back.
async function apiClient(base, username, password) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const login = await r.text()
  assert(r.ok, `API login of ${username}: ${r.status} ${login}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  const { csrf_token: csrf } = JSON.parse(login)
  return async (method, path, body, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        Cookie: cookie,
        'X-CSRF-Token': csrf,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }
}

// ---- The journeys ----------------------------------------------------------------------------
async function main() {
  console.log(`e2e: ${BIN}, chromium ${process.env.CHROMIUM ?? '/usr/bin/chromium'}`)
  let base = ''
  await step('server starts on a seeded temporary database', async () => {
    base = await startServer()
  })

  // The commune's one-stop officer (the demo staff serve a department, and birth registration
  // is a commune procedure), created by the administrator through the API.
  const officer = { username: 'motcua_thongnhat', password: 'thongnhat@2026', name: 'Đỗ Thị Lan' }
  await step('administrator creates the commune one-stop officer', async () => {
    const admin = await apiClient(base, 'quantri', PASSWORD)
    const r = await admin('POST', '/api/accounts', {
      username: officer.username,
      display_name: officer.name,
      role: 'one_stop_officer',
      agency_code: COMMUNE,
      password: officer.password,
    })
    assert(r.status === 201, `create account: ${r.status} ${JSON.stringify(r.json)}`)
  })

  browser = await launch()
  const citizenContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
  const page = await citizenContext.newPage()
  page.setDefaultTimeout(10_000)
  const consoleErrors = []
  page.on('pageerror', (e) => consoleErrors.push(String(e)))

  await step('home page, search "dang ky khai sinh" without diacritics', async () => {
    await page.goto(`${base}/`)
    await page.getByRole('heading', { level: 1, name: 'Tìm thủ tục hành chính' }).waitFor()
    await check(page, '01-home', { narrow: true })
    await page.getByLabel('Bạn cần làm thủ tục gì?').fill('dang ky khai sinh')
    await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).waitFor()
    await check(page, '02-search-results')
  })

  await step('procedure page: what to bring, fee, deadline, legal basis', async () => {
    await page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' }).waitFor()
    const text = await page.textContent('main')
    for (const s of ['Bạn cần chuẩn bị', 'Tờ khai đăng ký khai sinh', 'Phí, lệ phí', 'Căn cứ pháp lý', 'Luật Hộ tịch 2014'])
      assert(text.includes(s), `procedure page lacks "${s}"`)
    await check(page, '03-procedure', { narrow: true })
  })

  await step('start asks to sign in, then returns to the wizard', async () => {
    await page.getByRole('link', { name: /Bắt đầu nộp hồ sơ/ }).click()
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
    await check(page, '04-sign-in')
    await page.getByLabel('Tên đăng nhập').fill('congdan')
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.getByRole('heading', { level: 1, name: 'Bạn nộp hồ sơ tại cơ quan nào?' }).waitFor()
  })

  let questionPages = 0
  const cont = async () => {
    await page.getByRole('button', { name: 'Tiếp tục' }).click()
  }
  await step('question 1: where — an error summary when nothing is chosen', async () => {
    questionPages++
    await check(page, '05-wizard-agency')
    await cont()
    const summary = page.getByTestId('error-summary')
    await summary.waitFor()
    assert((await summary.textContent()).includes('Chọn cơ quan tiếp nhận hồ sơ'), 'summary message')
    assert(await summary.evaluate((el) => el === document.activeElement), 'the error summary takes focus')
    await check(page, '06-wizard-agency-error')
    await page.getByLabel('Bạn nộp hồ sơ tại cơ quan nào?').selectOption(COMMUNE)
    await cont()
  })

  await step('question 2: name, pre-filled from the account', async () => {
    questionPages++
    await page.getByRole('heading', { level: 1, name: 'Họ và tên người nộp hồ sơ' }).waitFor()
    const value = await page.getByLabel('Họ và tên người nộp hồ sơ').inputValue()
    assert(value === 'Nguyễn Thị Mai', `name pre-filled, got "${value}"`)
    await check(page, '07-wizard-name', { narrow: true })
    await cont()
  })

  await step('question 3: ID number — a wrong answer is kept and explained', async () => {
    questionPages++
    const input = page.getByLabel('Số định danh cá nhân của bạn là gì?')
    await input.fill('0011900')
    await cont()
    await page.getByTestId('error-summary').waitFor()
    assert((await input.inputValue()) === '0011900', 'the wrong answer is kept')
    const inline = await page.locator('#id-number-error').textContent()
    assert(inline.includes('đúng 12 chữ số'), `inline message: ${inline}`)
    await check(page, '08-wizard-id-error')
    // The link in the summary moves focus to the field.
    await page.getByTestId('error-summary').getByRole('link').click()
    assert(await input.evaluate((el) => el === document.activeElement), 'summary link focuses the field')
    await input.fill('001190012345')
    await cont()
  })

  await step('question 4: contact — answers survive a reload', async () => {
    questionPages++
    await page.getByLabel('Số điện thoại di động').fill('0912 345 678')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Chúng tôi liên lạc với bạn bằng cách nào?' }).waitFor()
    const kept = await page.getByLabel('Số điện thoại di động').inputValue()
    assert(kept === '0912 345 678', `phone kept after reload, got "${kept}"`)
    await check(page, '09-wizard-contact')
    await cont()
  })

  await step('question 5: address', async () => {
    questionPages++
    await page.getByLabel('Địa chỉ liên hệ của bạn').fill('Số 12, tổ 3, phường Thống Nhất')
    await cont()
  })

  await step('question 6: documents', async () => {
    questionPages++
    await page.getByRole('heading', { level: 1, name: 'Bạn gửi kèm những giấy tờ nào?' }).waitFor()
    await page.getByRole('checkbox', { name: /Tờ khai đăng ký khai sinh/ }).check()
    await page.getByRole('checkbox', { name: /Giấy chứng sinh/ }).check()
    await check(page, '10-wizard-documents', { narrow: true })
  })

  await step('attachments: formats and limit stated, upload with progress, a refused file explained and retried', async () => {
    const files = page.getByTestId('files-TP1')
    const hint = await files.textContent()
    assert(hint.includes('PDF, PNG hoặc JPEG') && hint.includes('20 MB'), `formats and limit stated: ${hint}`)
    const input = files.locator('input[type=file]')
    // Bytes that are not a PDF, although named so: the server refuses them by content (415).
    await input.setInputFiles({ name: 'gia-mao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') })
    const error = files.getByTestId('upload-error')
    await error.waitFor()
    const detail = (await error.textContent()).trim()
    assert(detail.length > 10 && !/\/problems\/|unsupported_media_type/.test(detail), `the problem detail is shown: ${detail}`)
    await files.getByTestId('upload-retry').waitFor()
    await check(page, '10b-wizard-upload-refused')
    await files.getByTestId('upload-retry').click()
    await error.waitFor()
    await files.getByRole('button', { name: /Xoá gia-mao\.pdf/ }).click()
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
    await input.setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf })
    await files.getByText('Đã tải lên').waitFor()
    assert((await files.textContent()).includes('to-khai.pdf'), 'the uploaded file is listed')
    assert(await page.getByRole('checkbox', { name: /Tờ khai đăng ký khai sinh/ }).isChecked(), 'the component stays ticked')
    await check(page, '10c-wizard-uploaded', { narrow: true })
    await cont()
  })

  let code = ''
  let key = ''
  await step('check your answers', async () => {
    assert(questionPages <= 10, `at most 10 question pages (was ${questionPages})`)
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra thông tin trước khi nộp' }).waitFor()
    const text = await page.textContent('main')
    for (const s of ['UBND phường Thống Nhất', 'Nguyễn Thị Mai', '001190012345', '0912 345 678', 'Giấy chứng sinh', 'to-khai.pdf'])
      assert(text.includes(s), `check page lacks "${s}"`)
    await check(page, '11-check-answers', { narrow: true })
  })

  await step('session expiry before submitting loses nothing; submit; code, key, due date', async () => {
    await citizenContext.clearCookies()
    await page.getByTestId('submit').click()
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
    assert((await page.textContent('main')).includes('Phiên đăng nhập đã hết hạn'), 'expiry explained')
    await page.getByLabel('Tên đăng nhập').fill('congdan')
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra thông tin trước khi nộp' }).waitFor()
    assert((await page.textContent('main')).includes('001190012345'), 'answers kept across sign-in')
    await page.getByTestId('submit').click()
    await page.getByTestId('confirmation').waitFor()
    code = (await page.getByTestId('dossier-code').textContent()).trim()
    key = (await page.getByTestId('verification-key').textContent()).trim()
    assert(code.startsWith(`${COMMUNE}-`), `dossier code ${code}`)
    // submitted once, although the first click met an expired session
    assert(/^[A-Z0-9]{8}$/.test(key), `verification key ${key}`)
    const due = await page.getByTestId('due').textContent()
    assert(due.includes('Hẹn trả sẽ được báo khi hồ sơ được tiếp nhận'), `due: ${due}`)
    await check(page, '12-confirmation', { narrow: true })
    const sent = await page.evaluate(async (c) => (await fetch(`/api/dossiers/${encodeURIComponent(c)}`)).json(), code)
    const files = (sent.attachments ?? []).map((a) => `${a.component}:${a.name}`)
    assert(files.length === 1 && files[0] === 'TP1:to-khai.pdf', `the dossier carries the file: ${JSON.stringify(sent.attachments)}`)
  })

  await step('"my dossiers" lists it', async () => {
    await page.getByRole('link', { name: 'Xem tất cả hồ sơ của tôi' }).click()
    await page.getByRole('cell', { name: code }).waitFor()
    await check(page, '12b-my-dossiers')
    await page.goBack()
    await page.getByTestId('confirmation').waitFor()
  })

  await step('tracking by code and key shows a readable timeline', async () => {
    await page.getByTestId('track-link').click()
    await page.getByTestId('track-result').waitFor()
    const timeline = await page.getByTestId('timeline').textContent()
    assert(timeline.includes('Nộp hồ sơ'), `timeline: ${timeline}`)
    assert((await page.textContent('main')).includes('Mới đăng ký'), 'status shown')
    await check(page, '13-tracking', { narrow: true })
    await page.getByTestId('sign-out').click()
    await page.getByRole('heading', { level: 1, name: 'Tìm thủ tục hành chính' }).waitFor()
  })

  await step('a wrong key is refused with a plain message', async () => {
    await page.goto(`${base}/tra-cuu`)
    await page.getByLabel('Mã hồ sơ').fill(code)
    await page.getByLabel('Mã tra cứu').fill('AAAAAAAA')
    await page.getByTestId('track-submit').click()
    const summary = page.getByTestId('error-summary')
    await summary.waitFor()
    assert((await summary.textContent()).includes('Không tìm thấy hồ sơ'), 'not found message')
    await check(page, '14-tracking-not-found')
  })

  await step('a draft started on one device is resumed on another, answers present, and submitted', async () => {
    const device = async (viewport) => {
      const ctx = await browser.newContext({ viewport, locale: 'vi-VN' })
      const p = await ctx.newPage()
      p.setDefaultTimeout(10_000)
      p.on('pageerror', (e) => consoleErrors.push(String(e)))
      return [ctx, p]
    }
    const signIn = async (p) => {
      await p.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
      await p.getByLabel('Tên đăng nhập').fill('congdan')
      await p.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
      await p.getByRole('button', { name: 'Đăng nhập' }).click()
    }
    // The laptop: three questions answered, saved on the server at each page change.
    const [laptopContext, laptop] = await device({ width: 1280, height: 900 })
    await laptop.goto(`${base}/nop-ho-so/noi-nop?ma=1.001193`)
    await signIn(laptop)
    await laptop.getByLabel('Bạn nộp hồ sơ tại cơ quan nào?').selectOption(COMMUNE)
    await laptop.getByRole('button', { name: 'Tiếp tục' }).click()
    await laptop.getByRole('heading', { level: 1, name: 'Họ và tên người nộp hồ sơ' }).waitFor()
    await laptop.getByRole('button', { name: 'Tiếp tục' }).click()
    await laptop.getByLabel('Số định danh cá nhân của bạn là gì?').fill('001190054321')
    await laptop.getByRole('button', { name: 'Tiếp tục' }).click()
    await laptop.getByRole('heading', { level: 1, name: 'Chúng tôi liên lạc với bạn bằng cách nào?' }).waitFor()
    await laptop.getByTestId('saved-note').filter({ hasText: 'thiết bị khác' }).waitFor()
    const open = await laptop.evaluate(async () => (await (await fetch('/api/drafts')).json()).items)
    const draft = open.find((d) => d.procedure_code === '1.001193')
    assert(draft && draft.version >= 2, `the draft is on the server: ${JSON.stringify(open)}`)
    await laptopContext.close()

    // The phone: nothing stored on it; "my drafts" lists the draft, resuming shows the answers.
    const [phoneContext, phone] = await device({ width: 390, height: 844 })
    await phone.goto(`${base}/ho-so-cua-toi`)
    await signIn(phone)
    const item = phone.locator(`[data-testid="draft"]:has(a[href*="nhap=${draft.id}"])`)
    await item.waitFor()
    assert((await item.textContent()).includes('Đăng ký khai sinh'), 'the draft is listed by its procedure')
    await check(phone, '15-my-drafts', { narrow: true })
    await item.getByTestId('draft-resume').click()
    await phone.getByRole('heading', { level: 1, name: 'Chúng tôi liên lạc với bạn bằng cách nào?' }).waitFor()
    await phone.getByLabel('Số điện thoại di động').fill('0987 654 321')
    await phone.getByRole('button', { name: 'Tiếp tục' }).click()
    await phone.getByLabel('Địa chỉ liên hệ của bạn').fill('Số 5, tổ 1, phường Thống Nhất')
    await phone.getByRole('button', { name: 'Tiếp tục' }).click()
    await phone.getByRole('checkbox', { name: /Tờ khai đăng ký khai sinh/ }).check()
    await phone.getByRole('checkbox', { name: /Giấy chứng sinh/ }).check()
    await phone.getByRole('button', { name: 'Tiếp tục' }).click()
    await phone.getByRole('heading', { level: 1, name: 'Kiểm tra thông tin trước khi nộp' }).waitFor()
    const text = await phone.textContent('main')
    for (const s of ['UBND phường Thống Nhất', 'Nguyễn Thị Mai', '001190054321', '0987 654 321'])
      assert(text.includes(s), `resumed check page lacks "${s}"`)
    await check(phone, '16-resumed-check', { narrow: true })
    await phone.getByTestId('submit').click()
    await phone.getByTestId('confirmation').waitFor()
    const resumedCode = (await phone.getByTestId('dossier-code').textContent()).trim()
    assert(resumedCode.startsWith(`${COMMUNE}-`) && resumedCode !== code, `a new dossier ${resumedCode}`)
    const after = await phone.evaluate(async (id) => (await fetch(`/api/drafts/${id}`)).json(), draft.id)
    assert(after.status === 'submitted' && after.dossier_code === resumedCode, `draft marked submitted: ${JSON.stringify(after)}`)
    await phoneContext.close()
  })

  // ---- The officer ----
  const officeContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' })
  const office = await officeContext.newPage()
  office.setDefaultTimeout(10_000)
  office.on('pageerror', (e) => consoleErrors.push(String(e)))

  await step('officer signs in and finds the dossier in the queue', async () => {
    await office.goto(`${base}/can-bo`)
    await office.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
    await office.getByLabel('Tên đăng nhập').fill(officer.username)
    await office.getByLabel('Mật khẩu', { exact: true }).fill(officer.password)
    await office.getByRole('button', { name: 'Đăng nhập' }).click()
    await office.getByRole('heading', { level: 1, name: 'Hồ sơ cần xử lý' }).waitFor()
    await office.getByRole('link', { name: 'Chờ tiếp nhận' }).click()
    await office.getByRole('link', { name: code }).waitFor()
    await check(office, '20-office-queue')
  })

  await step('officer receives it (keyboard) and the due date appears', async () => {
    await office.getByRole('link', { name: code }).click()
    await office.getByRole('heading', { level: 1, name: new RegExp(code.replace(/\./g, '\\.')) }).waitFor()
    await check(office, '21-office-dossier')
    const file = office.getByTestId('attachment-link')
    assert((await file.textContent()).trim() === 'to-khai.pdf', 'the uploaded file is listed for the officer')
    const download = await office.request.get(`${base}${await file.getAttribute('href')}`)
    assert(download.status() === 200 && (await download.body()).subarray(0, 5).toString() === '%PDF-', `file download: ${download.status()}`)
    await office.getByTestId('action-receive').focus()
    await office.keyboard.press('Enter')
    await office.getByTestId('action-done').waitFor()
    assert((await office.getByTestId('status').textContent()).includes('Đã tiếp nhận'), 'status received')
    await check(office, '22-office-received')
  })

  await step('a stale action shows the server problem detail in the error summary', async () => {
    // Someone else forwards the dossier while this page still shows it as received.
    const other = await apiClient(base, officer.username, officer.password)
    const r = await other('POST', `/api/dossiers/${encodeURIComponent(code)}/actions/forward`, { note: 'Chuyển thụ lý' })
    assert(r.status === 200, `forward behind the UI: ${r.status} ${JSON.stringify(r.json)}`)
    await office.getByTestId('action-forward').click()
    await office.getByLabel('Ghi chú').fill('Hồ sơ đủ thành phần')
    await office.getByTestId('action-confirm').click()
    const summary = office.getByTestId('error-summary')
    await summary.waitFor()
    const text = (await summary.textContent()).trim()
    assert(text.length > 'Có lỗi cần sửa'.length + 5, `a detail is shown: ${text}`)
    assert(!/failed_precondition|conflict|\/problems\//.test(text), `no codes in the message: ${text}`)
    await check(office, '23-office-conflict')
  })

  let counterCode = ''
  await step('counter intake, keyboard only: find the procedure (screen 1 of 3)', async () => {
    await office.getByRole('link', { name: 'Tiếp nhận tại quầy' }).click()
    await office.getByRole('heading', { level: 1, name: 'Tiếp nhận hồ sơ tại quầy' }).waitFor()
    await office.getByLabel('Tìm thủ tục').focus()
    await office.keyboard.type('dang ky khai sinh')
    const first = office.getByTestId('counter-results').getByRole('link', { name: 'Đăng ký khai sinh', exact: true })
    await first.waitFor()
    await check(office, '25-counter-search')
    await first.focus()
    await office.keyboard.press('Enter')
    await office.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' }).waitFor()
  })

  await step('counter intake: applicant and documents handed in (screen 2 of 3)', async () => {
    await office.getByTestId('counter-submit').focus()
    await office.keyboard.press('Enter')
    const summary = office.getByTestId('error-summary')
    await summary.waitFor()
    const text = await summary.textContent()
    assert(text.includes('Nhập họ và tên người nộp hồ sơ') && text.includes('bắt buộc'), `summary: ${text}`)
    await check(office, '26-counter-form-errors')
    await office.getByLabel('Họ và tên').focus()
    await office.keyboard.type('Lê Văn Hùng')
    await office.keyboard.press('Tab')
    await office.keyboard.type('001090054321')
    await office.keyboard.press('Tab')
    await office.keyboard.type('0987654321')
    for (const name of [/Tờ khai đăng ký khai sinh/, /Giấy chứng sinh/]) {
      await office.getByRole('checkbox', { name }).focus()
      await office.keyboard.press('Space')
    }
    await check(office, '27-counter-form', { narrow: true })
    await office.getByTestId('counter-submit').focus()
    await office.keyboard.press('Enter')
  })

  await step('counter intake: received at once; code, key, due date and the receipt PDF (screen 3 of 3)', async () => {
    await office.getByTestId('counter-done').waitFor()
    counterCode = (await office.getByTestId('counter-code').textContent()).trim()
    assert(counterCode.startsWith(`${COMMUNE}-`), `dossier code ${counterCode}`)
    assert(/^[A-Z0-9]{8}$/.test((await office.getByTestId('counter-key').textContent()).trim()), 'verification key shown')
    const due = (await office.getByTestId('counter-due').textContent()).trim()
    assert(/\d{2}\/\d{2}\/\d{4}/.test(due), `due date shown: ${due}`)
    const link = office.getByRole('link', { name: 'In phiếu tiếp nhận' })
    const href = await link.getAttribute('href')
    const pdf = await office.request.get(`${base}${href}`)
    assert(pdf.status() === 200, `receipt: ${pdf.status()}`)
    assert((pdf.headers()['content-type'] ?? '').startsWith('application/pdf'), `receipt type ${pdf.headers()['content-type']}`)
    assert((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'receipt is a PDF')
    await check(office, '28-counter-done', { narrow: true })
  })

  await step('the dossier page links the documents its state allows', async () => {
    await office.getByRole('link', { name: 'Mở hồ sơ' }).click()
    await office.getByTestId('documents').waitFor()
    assert((await office.getByTestId('status').textContent()).includes('Đã tiếp nhận'), 'received at once')
    const kinds = await office.getByTestId('documents').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid))
    assert(JSON.stringify(kinds) === JSON.stringify(['document-receipt', 'document-control-slip']), `documents: ${kinds}`)
    for (const k of ['receipt', 'control-slip']) {
      const r = await office.request.get(`${base}${await office.getByTestId(`document-${k}`).getAttribute('href')}`)
      assert(r.status() === 200, `${k}: ${r.status()}`)
    }
    await check(office, '29-office-dossier-documents')
  })

  await step('agency staff: the dashboard of their own agency', async () => {
    await office.getByRole('link', { name: 'Chỉ số phục vụ' }).click()
    await office.getByRole('heading', { level: 1, name: 'Chỉ số phục vụ người dân, doanh nghiệp' }).waitFor()
    await office.getByTestId('score').waitFor()
    assert((await office.getByTestId('dashboard-scope').textContent()).includes('UBND phường Thống Nhất'), 'scoped to the commune')
    assert((await office.locator('#d-agency').count()) === 0, 'no agency choice for agency staff')
    await check(office, '40-dashboard-agency')
  })

  await step('controller dashboard: score, groups, charts, XLSX, drill-down to dossiers', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' })
    const p = await ctx.newPage()
    p.setDefaultTimeout(10_000)
    p.on('pageerror', (e) => consoleErrors.push(String(e)))
    let chartsLoaded = false
    p.on('request', (r) => {
      if (/\/assets\/charts-[^/]+\.js$/.test(r.url())) chartsLoaded = true
    })
    await p.goto(`${base}/can-bo/chi-so`)
    await p.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
    await p.getByLabel('Tên đăng nhập').fill('kiemsoat')
    await p.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
    await p.getByRole('button', { name: 'Đăng nhập' }).click()
    await p.getByTestId('score').waitFor()
    const score = await p.getByTestId('score').textContent()
    assert(/\d+(,\d+)? \/ 100 điểm/.test(score), `score: ${score}`)
    assert((await p.getByTestId('band').textContent()).trim().length > 'Xếp loại'.length, 'band shown')
    assert((await p.getByTestId('groups').locator('tbody tr').count()) === 5, 'five indicator groups')
    await p.locator('.chart svg').nth(1).waitFor()
    assert(chartsLoaded, 'ECharts loaded on the dashboard')
    await check(p, '41-dashboard-province')
    // The Excel report of the same dates.
    const href = await p.getByTestId('download-xlsx').getAttribute('href')
    assert(href.includes('format=xlsx'), `xlsx link ${href}`)
    const xlsx = await p.request.get(`${base}${href}`)
    assert(xlsx.status() === 200, `xlsx: ${xlsx.status()}`)
    assert(xlsx.headers()['content-type'].includes('spreadsheetml'), `xlsx type ${xlsx.headers()['content-type']}`)
    assert((await xlsx.body()).subarray(0, 2).toString() === 'PK', 'xlsx is a zip')
    // A number opens the dossiers behind it.
    const early = p.getByTestId('figure-settledEarly')
    const n = Number((await early.textContent()).trim().split(/\s/)[0])
    await early.click()
    await p.getByTestId('drill-total').waitFor()
    const total = await p.getByTestId('drill-total').textContent()
    assert(total.includes(`${n} hồ sơ`), `drill-down total ${total} for ${n}`)
    assert((await p.getByTestId('drill').locator('tbody tr').count()) === Math.min(n, 50), 'one row per dossier, 50 a page')
    await check(p, '42-dashboard-drilldown')
    // More than a page: 51 more dossiers taken in at the commune's counter this quarter; the
    // "received" list (four metrics, one list) is paged, 50 dossiers a page: "Trang 2/…" and back.
    const desk = await apiClient(base, officer.username, officer.password)
    const birth = (await desk('GET', '/api/catalog/procedures/1.001193')).json
    for (let i = 0; i < 51; i++) {
      const r = await desk(
        'POST',
        '/api/dossiers',
        {
          procedure_code: '1.001193',
          agency_code: COMMUNE,
          channel: 'counter',
          applicant: { name: `Người nộp thứ ${i + 1}`, phone: '0912000222', address: 'Tổ 4, phường Thống Nhất' },
          components: birth.components.filter((c) => c.required).map((c) => c.code),
        },
        { 'Idempotency-Key': `e2e-paging-${i}` },
      )
      assert(r.status === 201, `counter intake ${i}: ${r.status} ${JSON.stringify(r.json)}`)
    }
    await p.reload()
    await p.getByTestId('figure-received').click()
    await p.getByTestId('drill-page').filter({ hasText: /^Trang 1\/\d+$/ }).waitFor()
    const all = Number(/trong tổng số (\d+) hồ sơ/.exec(await p.getByTestId('drill-total').textContent())[1])
    assert(all > 50, `more than a page: ${all}`)
    assert((await p.getByTestId('drill').locator('tbody tr').count()) === 50, '50 rows a page')
    await p.getByTestId('drill-next').click()
    await p.getByTestId('drill-page').filter({ hasText: `Trang 2/${Math.ceil(all / 50)}` }).waitFor()
    const range = await p.getByTestId('drill-total').textContent()
    assert(range.includes(`51–${Math.min(all, 100)} trong tổng số ${all} hồ sơ`), `page 2 range: ${range}`)
    assert(new URL(p.url()).searchParams.get('trang') === '2', 'the page is in the address')
    await check(p, '42b-dashboard-drilldown-page2')
    await p.getByTestId('drill-prev').click()
    await p.getByTestId('drill-page').filter({ hasText: /^Trang 1\// }).waitFor()
    // Another agency, chosen with the filter.
    await p.getByLabel('Cơ quan').selectOption(COMMUNE)
    await p.getByTestId('dashboard-show').click()
    await p.getByText('UBND phường Thống Nhất, kỳ').waitFor()
    await ctx.close()
  })

  await step('the citizen sees the reception and the appointment when tracking', async () => {
    const anon = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' })
    const p = await anon.newPage()
    await p.goto(`${base}/tra-cuu?ma=${encodeURIComponent(code)}&khoa=${key}`)
    await p.getByTestId('track-result').waitFor()
    const text = await p.textContent('main')
    assert(text.includes('Tiếp nhận hồ sơ'), 'timeline has the reception')
    assert(!text.includes('Hẹn trả sẽ được báo'), 'an appointment date is given')
    await check(p, '24-tracking-received-phone')
    await anon.close()
  })

  const harness = { browser, base, step, check, assert, apiClient, PASSWORD, COMMUNE, officer, consoleErrors }
  await supplementAndRatingJourney(harness, code)
  await apologyJourney(harness, await interAgencyJourney(harness))

  // ---- Administration (demo administrator quantri) -------------------------------------------
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
  const adm = await adminContext.newPage()
  adm.setDefaultTimeout(10_000)
  adm.on('pageerror', (e) => consoleErrors.push(String(e)))

  await step('administrator: users and roles, agencies tree (administrators only)', async () => {
    await adm.goto(`${base}/quan-tri/nguoi-dung`)
    await adm.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor()
    await adm.getByLabel('Tên đăng nhập').fill('quantri')
    await adm.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD)
    await adm.getByRole('button', { name: 'Đăng nhập' }).click()
    await adm.getByRole('heading', { level: 1, name: 'Người dùng và vai trò' }).waitFor()
    await adm.locator(`[data-username="${officer.username}"]`).waitFor()
    await adm.getByLabel('Vai trò', { exact: true }).selectOption('one_stop_officer')
    assert((await adm.getByTestId('users').locator('tbody tr').count()) >= 1, 'filtered by role')
    await check(adm, '90-admin-users', { narrow: true })
    await adm.getByRole('link', { name: 'Cơ quan', exact: true }).click()
    await adm.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor()
    assert((await adm.getByTestId('agencies').textContent()).includes(COMMUNE), 'agency codes shown')
    await check(adm, '91-admin-agencies', { narrow: true })
    // An officer is told the pages are not theirs.
    await office.goto(`${base}/quan-tri/co-quan`)
    await office.getByTestId('not-admin').waitFor()
  })

  const amended = 'Đăng ký khai tử, cấp trích lục điện tử'
  await step('administrator publishes a new version of a procedure (error summary first); citizen search shows it', async () => {
    await adm.getByRole('link', { name: 'Danh mục TTHC' }).click()
    await adm.getByLabel('Tìm thủ tục').fill('khai tu')
    await adm.getByRole('link', { name: '1.000656' }).first().click()
    await adm.getByTestId('versions').waitFor()
    await check(adm, '92-admin-catalog')
    await adm.getByRole('link', { name: 'Công bố sửa đổi, bổ sung' }).click()
    await adm.getByRole('heading', { level: 1, name: 'Công bố sửa đổi thủ tục 1.000656' }).waitFor()
    assert((await adm.getByLabel('Tên thủ tục').inputValue()) === 'Đăng ký khai tử', 'form starts from the version in force')
    await adm.getByLabel('Tên thủ tục').fill('')
    await adm.getByTestId('publish-submit').click()
    await adm.getByTestId('error-summary').waitFor()
    const summary = await adm.getByTestId('error-summary').textContent()
    assert(summary.includes('Nhập số quyết định') && summary.includes('Nhập tên thủ tục'), `summary: ${summary}`)
    await check(adm, '93-admin-publish-errors', { narrow: true })
    await adm.getByLabel('Số quyết định').fill(`${Date.now() % 100000}/QĐ-UBND`)
    await adm.getByLabel('Tên thủ tục').fill(amended)
    await adm.getByLabel('Thời hạn giải quyết').fill('1')
    // A second procedure of the same decision, new, added with the keyboard.
    await adm.getByRole('button', { name: 'Thêm thủ tục vào quyết định' }).focus()
    await adm.keyboard.press('Enter')
    await adm.getByTestId('publish-item-1').waitFor()
    assert(await adm.locator('#pub-kind-1').evaluate((el) => el === document.activeElement), 'focus on the new procedure')
    await adm.locator('#pub-code-1').fill('2.999001')
    await adm.locator('#pub-name-1').fill('Xác nhận tình trạng hôn nhân trực tuyến')
    await adm.locator('#pub-sector-1').fill('Hộ tịch')
    await adm.locator('#pub-deadline-1').fill('3')
    await adm.locator('#pub-components-1').fill('Tờ khai')
    await adm.getByTestId('publish-submit').click()
    await adm.getByTestId('published').waitFor()
    const done = await adm.getByTestId('published').textContent()
    assert(done.includes('phiên bản 2') && done.includes('2.999001'), `both published: ${done}`)
    await check(adm, '94-admin-published')
    // The citizen's search finds the new version at once (no diacritics).
    const anon = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    const p = await anon.newPage()
    await p.goto(`${base}/`)
    await p.getByLabel('Bạn cần làm thủ tục gì?').fill('trich luc dien tu')
    await p.getByRole('link', { name: amended, exact: true }).waitFor()
    await p.getByRole('link', { name: amended, exact: true }).click()
    await p.getByRole('heading', { level: 1, name: amended }).waitFor()
    await shot(p, '95-citizen-finds-amended')
    await anon.close()
  })

  await step('process editor: running total against the legal deadline, red when over, keyboard, save', async () => {
    await adm.goto(`${base}/quan-tri/quy-trinh?ma=1.001193&cq=${COMMUNE}`)
    await adm.getByTestId('process-steps').waitFor()
    const n = await adm.locator('.process-step').count()
    assert(n >= 1, 'the current steps are loaded')
    const total = adm.getByTestId('process-total')
    assert(!(await total.getAttribute('class')).includes('over'), 'the seeded process fits')
    await check(adm, '96-admin-process', { narrow: true })
    const first = adm.locator('#step-budget-0')
    const before = await first.inputValue()
    await first.fill('40')
    await adm.getByText('Vượt thời hạn').waitFor()
    assert((await total.getAttribute('class')).includes('process-total--over'), 'red when over')
    await adm.getByTestId('process-save').click()
    await adm.getByTestId('error-summary').waitFor()
    await check(adm, '97-admin-process-over')
    await first.fill(before)
    await adm.getByText('Còn ').first().waitFor()
    // Keyboard: add a step, move it up, remove it.
    await adm.getByTestId('add-step').focus()
    await adm.keyboard.press('Enter')
    assert((await adm.locator('.process-step').count()) === n + 1, 'a step added')
    await adm.getByRole('button', { name: `Xoá bước ${n + 1}` }).focus()
    await adm.keyboard.press('Enter')
    assert((await adm.locator('.process-step').count()) === n, 'the step removed')
    await adm.getByTestId('process-save').click()
    await adm.getByTestId('process-saved').waitFor()
    assert((await adm.getByTestId('process-saved').textContent()).includes('áp dụng cho hồ sơ tiếp nhận từ'), 'the rule is stated')
  })

  await step('calendar month view: holidays with names, an agency override added and removed', async () => {
    await adm.goto(`${base}/quan-tri/lich?thang=2026-02&cq=${COMMUNE}`)
    await adm.getByTestId('calendar').waitFor()
    const special = await adm.getByTestId('calendar-special').textContent()
    assert(special.includes('Nghỉ lễ') && /Tết/i.test(special), `Tết in February 2026: ${special}`)
    await adm.getByLabel('Ngày', { exact: true }).fill('2026-02-27')
    await adm.getByLabel('Loại ngày').selectOption('swap_off')
    await adm.getByLabel('Tên, lý do').fill('Nghỉ hoán đổi của xã')
    await adm.getByRole('button', { name: 'Thêm ngày' }).click()
    await adm.getByTestId('calendar-message').waitFor()
    assert((await adm.getByTestId('calendar-special').textContent()).includes('Nghỉ hoán đổi của xã'), 'override shown')
    assert((await adm.locator('.cal-day--agency').count()) === 1, 'override marked in the grid')
    await check(adm, '98-admin-calendar', { narrow: true })
    await adm.getByRole('button', { name: 'Xoá ngày 27/02/2026' }).click()
    await adm.getByText('Đã xoá ngày 27/02/2026.').waitFor()
    await adminContext.close()
  })

  await englishJourney(harness, code)

  await step('English toggle', async () => {
    await page.goto(`${base}/`)
    await page.getByRole('button', { name: /English|Switch to English/ }).click()
    await page.getByRole('heading', { level: 1, name: 'Find an administrative procedure' }).waitFor()
    assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang is en')
    await check(page, '30-home-english')
  })

  assert(consoleErrors.length === 0, `page errors: ${consoleErrors.join('; ')}`)
}

try {
  await main()
} catch (e) {
  // A failed step has reported itself; anything else failed between steps and must fail the run.
  if (results.every((r) => r.ok)) {
    results.push({ name: 'between steps', ok: false, error: e })
    console.log(`  FAIL between steps (after "${current}")\n       ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n       ')}`)
  }
} finally {
  if (browser) await browser.close()
  cleanup()
}
const minor = axeFindings.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')
if (minor.length) {
  console.log(`axe: ${minor.length} minor/moderate findings (not failing):`)
  for (const v of minor) console.log(`  ${v.page}: ${v.id} (${v.impact}) ${v.help}`)
}
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`e2e: screenshots in ${join(WEB, 'test-results')}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
