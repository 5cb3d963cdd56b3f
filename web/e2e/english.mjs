// The English journey, run by portal.e2e.mjs with its harness: the UI is switched to English
// (the header's language button, remembered by the browser) and the newer pages are visited —
// the citizen's dossier page and "my drafts", then the administration pages (users, catalog,
// publication form with several procedures, process editor, calendar). On every page the
// headings, labels, buttons, table headers and legends are checked against the Vietnamese
// messages (src/i18n/vi.ts): none of them may show a Vietnamese text whose English differs (a
// missing translation falls back to Vietnamese). axe runs on every page, as in the other steps.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { WEB } from './browser.mjs'

const COMMUNE = '000.00.21.H99' // UBND phường Thống Nhất
const BIRTH = '1.001193' // Đăng ký khai sinh
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// The message tree of src/i18n/<name>.ts, compiled with the project's TypeScript.
async function messages(name) {
  const ts = createRequire(import.meta.url)('typescript')
  const source = readFileSync(join(WEB, 'src', 'i18n', `${name}.ts`), 'utf8')
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)).default
}

function flatten(tree, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else flatten(v, key, out)
  }
  return out
}

// The Vietnamese texts that must not show in English: every message whose English differs,
// cut at its {placeholders}; pieces of at least 6 characters with a Vietnamese letter are looked
// for inside a text, shorter messages only as the whole text of an element.
export async function leakDetector() {
  const vi = flatten(await messages('vi'))
  const en = flatten(await messages('en'))
  const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i
  const pieces = new Set()
  const whole = new Set()
  for (const [key, text] of vi) {
    if (en.get(key) === text) continue
    whole.add(text.trim())
    for (const piece of text.split(/\{\w+\}/)) {
      const p = piece.trim().replace(/^[,.:;–-]\s*|\s*[,.:;–-]$/g, '')
      if (p.length >= 6 && VIETNAMESE.test(p) && !(en.get(key) ?? '').includes(p)) pieces.add(p)
    }
  }
  return (texts) => {
    const leaks = []
    for (const raw of texts) {
      const text = raw.replace(/\s+/g, ' ').trim()
      if (!text) continue
      if (whole.has(text)) leaks.push(text)
      else for (const p of pieces) if (text.includes(p)) leaks.push(`${p} (in "${text.slice(0, 80)}")`)
    }
    return leaks
  }
}

// The texts of the page's chrome: headings, labels, legends, buttons, table headers, links of
// the navigation, hints and error messages (data such as names of procedures is left out).
const chromeTexts = (page) =>
  page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'h1, h2, h3, legend, label, button, th[scope=col], nav a, .hint, .error-message, .error-summary__title, .caption-l',
      ),
    ].map((el) => el.textContent ?? ''),
  )

// h: { browser, base, step, check, assert, apiClient, PASSWORD }; code: the citizen's dossier.
export async function englishJourney(h, code) {
  const { step, check, assert } = h
  const leaks = await leakDetector()
  const english = async (page, name, { narrow = false } = {}) => {
    assert((await page.getAttribute('html', 'lang')) === 'en', `${name}: html lang is en`)
    const found = leaks(await chromeTexts(page))
    assert(found.length === 0, `${name}: Vietnamese texts in the English UI: ${found.join('; ')}`)
    await check(page, name, { narrow })
  }
  // A new browser in English, signed in as `username` through the sign-in page of `path`.
  const signedInEnglish = async (path, username, heading) => {
    const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
    const page = await ctx.newPage()
    page.setDefaultTimeout(10_000)
    page.on('pageerror', (e) => h.consoleErrors.push(String(e)))
    await page.goto(`${h.base}/`)
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.getByRole('heading', { level: 1, name: 'Find an administrative procedure' }).waitFor()
    await page.goto(`${h.base}${path}`)
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password', { exact: true }).fill(h.PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    return page
  }

  let citizen = null
  await step('english: the citizen’s dossier page in English', async () => {
    citizen = await signedInEnglish(`/ho-so-cua-toi/ho-so?ma=${encodeURIComponent(code)}`, 'congdan', new RegExp(esc(code)))
    assert((await citizen.title()).includes(`Application ${code}`), `page title: ${await citizen.title()}`)
    await citizen.getByTestId('status-sentence').waitFor()
    await citizen.getByTestId('timeline').waitFor()
    const text = await citizen.textContent('main')
    for (const s of ['Tracking key', 'Documents submitted']) assert(text.includes(s), `dossier page lacks "${s}"`)
    await english(citizen, 'E1-en-my-dossier', { narrow: true })
  })

  await step('english: "my drafts" lists an unfinished application in English', async () => {
    const api = await h.apiClient(h.base, 'congdan', h.PASSWORD)
    const r = (await api('POST', '/api/drafts', { procedure_code: BIRTH })).status
    assert(r === 201, `a draft is saved for the citizen: ${r}`)
    await citizen.goto(`${h.base}/ho-so-cua-toi`)
    await citizen.getByRole('heading', { level: 1, name: 'My applications' }).waitFor()
    await citizen.getByRole('heading', { level: 2, name: 'Unfinished applications' }).waitFor()
    const draft = citizen.getByTestId('draft').first()
    await draft.waitFor()
    assert((await draft.getByTestId('draft-resume').textContent()).includes('Continue'), 'resume link in English')
    await citizen.getByRole('heading', { level: 2, name: 'Submitted applications' }).waitFor()
    await english(citizen, 'E2-en-my-drafts', { narrow: true })
  })
  await citizen?.context().close()

  let adm = null
  await step('english: users and catalog administration in English', async () => {
    adm = await signedInEnglish('/quan-tri/nguoi-dung', 'quantri', 'Users and roles')
    await adm.getByTestId('users').locator('tbody tr').first().waitFor()
    await adm.getByLabel('Role', { exact: true }).waitFor()
    await english(adm, 'E3-en-admin-users')
    await adm.getByRole('link', { name: 'Procedure catalog' }).first().click()
    await adm.getByRole('heading', { level: 1, name: 'Procedure catalog' }).waitFor()
    await adm.getByRole('link', { name: 'Publish a new procedure' }).waitFor()
    await english(adm, 'E4-en-admin-catalog')
  })

  await step('english: the publication form with two procedures, and its errors, in English', async () => {
    await adm.getByRole('link', { name: 'Publish a new procedure' }).click()
    await adm.getByRole('heading', { level: 1, name: 'Publish a new administrative procedure' }).waitFor()
    for (const label of ['Decision number', 'Change', 'Procedure code', 'Procedure name', 'Deadline'])
      await adm.getByLabel(label, { exact: true }).first().waitFor()
    await adm.getByRole('button', { name: 'Add a procedure to the decision' }).click()
    await adm.getByText('Procedure 2', { exact: true }).waitFor()
    await adm.locator('#pub-kind-1').selectOption('abolished')
    await adm.getByRole('button', { name: 'Publish' }).click()
    const summary = adm.getByTestId('error-summary')
    await summary.waitFor()
    const s = await summary.textContent()
    assert(s.includes('Enter the decision number') && s.includes('Procedure 2: A procedure code is'), `summary: ${s}`)
    await english(adm, 'E5-en-admin-publish', { narrow: true })
    await adm.getByRole('button', { name: 'Remove procedure 2 from the decision' }).click()
    assert((await adm.locator('fieldset.publish-item').count()) === 1, 'procedure 2 removed')
  })

  await step('english: process editor and calendar in English', async () => {
    await adm.goto(`${h.base}/quan-tri/quy-trinh?ma=${BIRTH}&cq=${COMMUNE}`)
    await adm.getByRole('heading', { level: 1, name: 'Internal processes' }).waitFor()
    await adm.getByTestId('process-steps').waitFor()
    await adm.getByTestId('process-total').waitFor()
    await english(adm, 'E6-en-admin-process')
    await adm.goto(`${h.base}/quan-tri/lich?thang=2026-02&cq=${COMMUNE}`)
    await adm.getByRole('heading', { level: 1, name: 'Working calendar' }).waitFor()
    await adm.getByTestId('calendar').waitFor()
    await english(adm, 'E7-en-admin-calendar', { narrow: true })
  })
  await adm?.context().close()
}
