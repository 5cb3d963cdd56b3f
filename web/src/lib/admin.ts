// The administration pages as data: the internal-process budget (the running total of the steps
// against the legal deadline, counted as the server does: core/workflow/process.cpp), the
// publication form (rules, request body, where a server error about a field sends the
// administrator), and the month grid of the calendar.
import { t } from '../i18n'
import type { ChangeKind, DecisionRequest, ProcedureContent, ProcessStep, CalendarDay } from '../api/admin'
import type { Component, DurationUnit, OnlineLevel, Procedure } from '../api/types'
import type { FieldError } from './wizard'

// ---- Internal processes ------------------------------------------------------------------

// Working minutes in a working day (8 hours: the default office sessions).
export const DAY_MINUTES = 480

// A step's budget in working minutes; an unusable budget counts as nothing.
export function stepMinutes(step: Pick<ProcessStep, 'budget' | 'unit'>): number {
  const n = Number.isFinite(step.budget) && step.budget > 0 ? Math.floor(step.budget) : 0
  return step.unit === 'working_hours' ? n * 60 : n * DAY_MINUTES
}

// The legal deadline in working minutes. A deadline in days (working or calendar) allows that
// many working days, and 0 days ("within the day") one working day.
export function legalMinutes(deadline: number, unit: DurationUnit): number {
  return unit === 'working_hours' ? deadline * 60 : Math.max(deadline, 1) * DAY_MINUTES
}

export interface BudgetState {
  total: number // working minutes of all steps
  legal: number // working minutes the law allows
  over: boolean // total > legal: the server refuses to save
  remaining: number // legal − total (negative when over)
}

export function budgetState(steps: Pick<ProcessStep, 'budget' | 'unit'>[], deadline: number, unit: DurationUnit): BudgetState {
  const total = steps.reduce((sum, s) => sum + stepMinutes(s), 0)
  const legal = legalMinutes(deadline, unit)
  return { total, legal, over: total > legal, remaining: legal - total }
}

// "12 giờ làm việc", "1,5 giờ làm việc".
export function formatHours(minutes: number): string {
  const hours = Math.abs(minutes) / 60
  const text = Number.isInteger(hours) ? String(hours) : hours.toFixed(1).replace('.', t('admin.decimal'))
  return t('admin.process.hours', { n: text })
}

export const stepFieldId = (part: 'name' | 'role' | 'agency' | 'budget' | 'unit', index: number) =>
  `step-${part}-${index}`

export function newStep(): ProcessStep {
  return { name: '', role: 'specialist', agency_code: '', budget: 1, unit: 'working_hours' }
}

// Moves the step at `from` by `by` places (−1 up, +1 down); returns a new array.
export function moveStep<T>(steps: T[], from: number, by: number): T[] {
  const to = from + by
  if (to < 0 || to >= steps.length) return steps
  const out = [...steps]
  const [step] = out.splice(from, 1)
  out.splice(to, 0, step!)
  return out
}

// What the server would refuse, found before sending.
export function validateSteps(steps: ProcessStep[], deadline: number, unit: DurationUnit): FieldError[] {
  const errors: FieldError[] = []
  if (steps.length === 0) errors.push({ field: 'add-step', message: t('admin.process.errors.noSteps') })
  steps.forEach((s, i) => {
    if (!s.name.trim()) errors.push({ field: stepFieldId('name', i), message: t('admin.process.errors.name', { n: i + 1 }) })
    if (!Number.isInteger(s.budget) || s.budget < 1)
      errors.push({ field: stepFieldId('budget', i), message: t('admin.process.errors.budget', { n: i + 1 }) })
  })
  const state = budgetState(steps, deadline, unit)
  if (errors.length === 0 && state.over)
    errors.push({
      field: 'process-total',
      message: t('admin.process.errors.over', { over: formatHours(-state.remaining), legal: formatHours(state.legal) }),
    })
  return errors
}

// The field of the editor a server error names ("steps", "steps[2].budget").
export function processField(field: string | undefined): string {
  if (!field || field === 'steps') return 'process-total'
  const m = /^steps\[(\d+)\]\.(name|role|agency_code|budget|unit)$/.exec(field)
  if (!m) return ''
  const part = m[2] === 'agency_code' ? 'agency' : (m[2] as 'name' | 'role' | 'budget' | 'unit')
  return stepFieldId(part, Number(m[1]))
}

// ---- Publication decisions ---------------------------------------------------------------

// One procedure of the decision: what happens to it (kind) and, except for an abolition, its
// content. A replacement publishes `code` in place of `replacedCode`.
export interface PublishItem {
  kind: ChangeKind
  code: string
  replacedCode: string
  name: string
  sectorName: string
  level: string
  deadline: string
  deadlineUnit: DurationUnit
  onlineLevel: OnlineLevel
  implementingAgency: string
  components: string // one paper per line
  fee: string // VND, new and replacing procedures only; empty = free
  result: string
  legalBasis: string
}

export interface PublishForm {
  number: string
  title: string
  signedOn: string
  effectiveOn: string
  items: PublishItem[]
}

export const CHANGE_KINDS: ChangeKind[] = ['new', 'amended', 'replaced', 'abolished']

// The parts of an item's fields; the input of part `p` of item `i` has the id `pub-p-i`.
export type ItemPart =
  | 'kind'
  | 'code'
  | 'replaced'
  | 'load'
  | 'name'
  | 'sector'
  | 'level'
  | 'deadline'
  | 'unit'
  | 'online'
  | 'agency'
  | 'components'
  | 'fee'
  | 'result'
  | 'legal'

export const itemFieldId = (part: ItemPart, index: number) => `pub-${part}-${index}`

// What the form shows for a kind: an abolition has no content, only new and replacing
// procedures take a fee (an amendment keeps the fees of the version in force).
export const hasContent = (kind: ChangeKind) => kind !== 'abolished'
export const hasFee = (kind: ChangeKind) => kind === 'new' || kind === 'replaced'

export function emptyPublishItem(kind: ChangeKind = 'new'): PublishItem {
  return {
    kind,
    code: '',
    replacedCode: '',
    name: '',
    sectorName: '',
    level: 'commune',
    deadline: '',
    deadlineUnit: 'working_days',
    onlineLevel: 'full',
    implementingAgency: '',
    components: '',
    fee: '',
    result: '',
    legalBasis: '',
  }
}

export function emptyPublishForm(today: string): PublishForm {
  return { number: '', title: '', signedOn: today, effectiveOn: today, items: [emptyPublishItem()] }
}

// The item amending `base` (the version in force): its content, ready to change.
export function amendItem(base: Procedure): PublishItem {
  return {
    ...emptyPublishItem('amended'),
    code: base.code,
    name: base.name,
    sectorName: base.sector_name,
    level: base.level,
    deadline: String(base.deadline),
    deadlineUnit: base.deadline_unit,
    onlineLevel: base.online_level,
    implementingAgency: base.implementing_agency,
    components: base.components.map((c) => c.name).join('\n'),
    result: base.result,
    legalBasis: base.legal_basis,
  }
}

// The form to amend `base`: one item, starting from its content.
export function amendForm(base: Procedure, today: string): PublishForm {
  return {
    ...emptyPublishForm(today),
    title: t('admin.publish.amendTitle', { name: base.name }),
    items: [amendItem(base)],
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const CODE = /^\d\.\d{6}$/

export const isProcedureCode = (code: string) => CODE.test(code.trim())

function validDate(text: string): boolean {
  if (!DATE.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
}

// "Thủ tục 2: " before an item's message when the decision has several items.
const itemPrefix = (f: PublishForm, index: number) =>
  f.items.length > 1 ? `${t('admin.publish.item', { n: index + 1 })}: ` : ''

// The rules of the form; the server checks them again (and the catalog's own).
export function validatePublish(f: PublishForm): FieldError[] {
  const errors: FieldError[] = []
  const need = (ok: boolean, field: string, key: string, prefix = '', params?: Record<string, string>) => {
    if (!ok) errors.push({ field, message: prefix + t(`admin.publish.errors.${key}`, params) })
  }
  need(f.number.trim() !== '', 'pub-number', 'number')
  need(f.title.trim() !== '', 'pub-title', 'title')
  need(validDate(f.signedOn), 'pub-signed', 'date')
  need(validDate(f.effectiveOn), 'pub-effective', 'date')
  if (validDate(f.signedOn) && validDate(f.effectiveOn))
    need(f.effectiveOn >= f.signedOn, 'pub-effective', 'effectiveBeforeSigned')
  need(f.items.length > 0, 'add-item', 'noItems')
  const seen = new Set<string>()
  f.items.forEach((item, i) => {
    const p = itemPrefix(f, i)
    const id = (part: ItemPart) => itemFieldId(part, i)
    const code = item.code.trim()
    need(CODE.test(code), id('code'), 'code', p)
    if (CODE.test(code)) need(!seen.has(code), id('code'), 'duplicate', p, { code })
    seen.add(code)
    if (item.kind === 'replaced') {
      const replaced = item.replacedCode.trim()
      need(CODE.test(replaced), id('replaced'), 'replacedCode', p)
      if (CODE.test(replaced)) {
        need(replaced !== code, id('replaced'), 'replacedSelf', p)
        need(replaced === code || !seen.has(replaced), id('replaced'), 'duplicate', p, { code: replaced })
      }
      seen.add(replaced)
    }
    if (!hasContent(item.kind)) return
    need(item.name.trim() !== '', id('name'), 'name', p)
    need(item.sectorName.trim() !== '', id('sector'), 'sector', p)
    need(/^\d+$/.test(item.deadline.trim()) && Number(item.deadline) <= 3650, id('deadline'), 'deadline', p)
    need(lines(item.components).length > 0, id('components'), 'components', p)
    if (hasFee(item.kind))
      need(item.fee.trim() === '' || /^\d+$/.test(item.fee.trim().replace(/[.\s]/g, '')), id('fee'), 'fee', p)
  })
  return errors
}

// Components from the form's lines: an unchanged name keeps the base version's paper (code,
// copies, original or copy, template); a new name becomes a new paper with a new code.
export function componentsOf(text: string, base: Component[] = []): Component[] {
  const taken = new Set(base.map((c) => c.code))
  const used = new Set<string>()
  let next = 1
  return lines(text).map((name) => {
    const kept = base.find((c) => c.name === name && !used.has(c.code))
    if (kept) {
      used.add(kept.code)
      return kept
    }
    while (taken.has(`TP${next}`)) next++
    taken.add(`TP${next}`)
    return { code: `TP${next}`, name, required: true, copies: 1, original: false, template_url: '' }
  })
}

// The content of an item; an amendment keeps what the form does not show from `base`.
function contentOf(item: PublishItem, base?: Procedure): ProcedureContent {
  const fee = Number(item.fee.trim().replace(/[.\s]/g, '') || '0')
  return {
    ...(base
      ? {
          sector_code: base.sector_code,
          competent_agency: base.competent_agency,
          steps: base.steps,
          subjects: base.subjects,
          requirements: base.requirements,
          fees: base.fees,
          postal: base.postal,
        }
      : { fees: fee > 0 ? [{ name: t('admin.publish.feeName'), amount_vnd: fee, description: '' }] : [] }),
    name: item.name.trim(),
    sector_name: item.sectorName.trim(),
    level: item.level,
    implementing_agency: item.implementingAgency.trim(),
    components: componentsOf(item.components, base?.components ?? []),
    deadline: Number(item.deadline.trim()),
    deadline_unit: item.deadlineUnit,
    online_level: item.onlineLevel,
    result: item.result.trim(),
    legal_basis: item.legalBasis.trim(),
  }
}

// The request for the form. `bases` holds the versions in force by code: an amended item keeps
// from its own what the form does not show.
export function publishBody(f: PublishForm, bases: Record<string, Procedure> = {}): DecisionRequest {
  return {
    number: f.number.trim(),
    title: f.title.trim(),
    signed_on: f.signedOn,
    effective_on: f.effectiveOn,
    items: f.items.map((item) => {
      const code = item.code.trim()
      const out: DecisionRequest['items'][number] = { kind: item.kind, code }
      if (item.kind === 'replaced') out.replaced_code = item.replacedCode.trim()
      if (hasContent(item.kind))
        out.version = contentOf(item, item.kind === 'amended' ? bases[code] : undefined)
      return out
    }),
  }
}

const VERSION_PARTS: Record<string, ItemPart> = {
  code: 'code',
  name: 'name',
  sector_name: 'sector',
  level: 'level',
  deadline: 'deadline',
  deadline_unit: 'unit',
  online_level: 'online',
  implementing_agency: 'agency',
  components: 'components',
  fees: 'fee',
  result: 'result',
  legal_basis: 'legal',
}

// The errors left when item `removed` leaves the form: its own go, later items' move up one.
export function shiftItemErrors(errors: FieldError[], removed: number): FieldError[] {
  const out: FieldError[] = []
  for (const e of errors) {
    const m = /^(pub-[a-z]+)-(\d+)$/.exec(e.field)
    if (!m) out.push(e)
    else if (Number(m[2]) > removed) out.push({ ...e, field: `${m[1]}-${Number(m[2]) - 1}` })
    else if (Number(m[2]) < removed) out.push(e)
  }
  return out
}

// The field of the form a server error names ("number", "items[1]", "items[0].version.name");
// `items` (the form's) sends a content error the item does not show to the item's code.
export function publishField(field: string | undefined, items?: Pick<PublishItem, 'kind'>[]): string {
  if (!field) return ''
  const direct: Record<string, string> = {
    number: 'pub-number',
    title: 'pub-title',
    signed_on: 'pub-signed',
    effective_on: 'pub-effective',
    items: 'add-item',
  }
  if (direct[field]) return direct[field]!
  const m = /^items\[(\d+)\](?:\.([a-z_]+))?(?:\.([a-z_]+))?/.exec(field)
  if (!m) return ''
  const i = Number(m[1])
  if (items && i >= items.length) return ''
  const kind = items?.[i]?.kind
  if (m[2] === 'replaced_code') return itemFieldId('replaced', i)
  if (m[2] !== 'version' || !m[3]) return itemFieldId('code', i)
  const part = VERSION_PARTS[m[3]] ?? 'code'
  if (kind && (!hasContent(kind) || (part === 'fee' && !hasFee(kind)))) return itemFieldId('code', i)
  return itemFieldId(part, i)
}

// The server's message with "items[1].version.name" in words: "Thủ tục 2, Tên thủ tục".
export function publishMessage(message: string): string {
  return message.replace(/^items\[(\d+)\](?:\.version\.([a-z_]+)[^:]*)?(?:\.[a-z_]+)?:\s*/, (_m, n: string, key?: string) => {
    const item = t('admin.publish.item', { n: Number(n) + 1 })
    const part = key ? VERSION_PARTS[key] : undefined
    const label = part && part !== 'code' ? t(`admin.publish.${PART_LABELS[part]}`) : ''
    return label ? `${item}, ${label}: ` : `${item}: `
  })
}

const PART_LABELS: Record<ItemPart, string> = {
  kind: 'kind',
  code: 'code',
  replaced: 'replacedCode',
  load: 'loadCurrent',
  name: 'name',
  sector: 'sector',
  level: 'level',
  deadline: 'deadline',
  unit: 'unit',
  online: 'online',
  agency: 'agency',
  components: 'components',
  fee: 'fee',
  result: 'result',
  legal: 'legal',
}

// ---- Calendar ----------------------------------------------------------------------------

// "YYYY-MM" → the first and last day of the month; null for anything else.
export function monthRange(month: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  if (mo < 1 || mo > 12 || y < 2014 || y > 2199) return null
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

// The month before or after "YYYY-MM".
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return d.toISOString().slice(0, 7)
}

// Weeks of the month, Monday first; days outside the month are null.
export function monthGrid(days: CalendarDay[]): (CalendarDay | null)[][] {
  if (days.length === 0) return []
  const first = new Date(`${days[0]!.date}T00:00:00Z`).getUTCDay() // 0 = Sunday
  const lead = (first + 6) % 7
  const cells: (CalendarDay | null)[] = [...Array<null>(lead).fill(null), ...days]
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: (CalendarDay | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}
