// The applicant's own dossier page as data: the status in a plain sentence, the readable
// timeline built from the event log (internal assignments and notes left out), the notices
// addressed to the applicant, what the page asks of them now (a supplement, a rating), and the
// checks and request bodies of the supplement and rating forms (POST …/actions/provide-supplement
// and …/actions/rate, src/http/dto.cpp ParseCommand).
import type { Dossier, DossierEvent, DossierStatus, PublicTimelineLine, Reason, User } from '../api/types'
import { t } from '../i18n'
import { printableDocuments, type DocumentKind } from './counter'
import type { DraftAttachment } from './drafts'
import { formatDateTime, formatMoney } from './format'
import type { FieldError } from './wizard'

// Statuses after which nothing more happens to the dossier (the workflow's terminal states).
export const FINISHED: DossierStatus[] = ['refused', 'withdrawn', 'stopped', 'returned']
// Statuses in which the applicant is asked to rate the settlement (once): the result was
// returned, or the agency refused or stopped it. A withdrawal was the applicant's own choice.
export const RATEABLE: DossierStatus[] = ['returned', 'refused', 'stopped']

type Owned = Pick<Dossier, 'status' | 'rating' | 'applicant'>

// The dossier was submitted from this account (only its applicant supplements and rates).
export function ownsDossier(d: Pick<Dossier, 'applicant'>, user: Pick<User, 'id' | 'role'> | null): boolean {
  return !!user && user.role === 'citizen' && d.applicant.account === user.id
}

// What the page asks of the applicant now.
export type ApplicantTask = 'supplement' | 'rate' | 'rated' | null

export function applicantTask(d: Owned, user: Pick<User, 'id' | 'role'> | null): ApplicantTask {
  if (!ownsDossier(d, user)) return null
  if (d.status === 'supplement_requested') return 'supplement'
  if (d.rating !== null && d.rating !== undefined) return 'rated'
  if (RATEABLE.includes(d.status)) return 'rate'
  return null
}

// One plain sentence saying where the dossier stands and what happens next.
export function statusSentence(
  d: Pick<Dossier, 'status' | 'due_at' | 'returned_at' | 'amount_due_vnd' | 'amount_paid_vnd' | 'agency_code' | 'handling_agency_code'>,
  agencyName: (code: string) => string,
): string {
  const params = {
    agency: agencyName(d.agency_code),
    handler: agencyName(d.handling_agency_code || d.agency_code),
    due: d.due_at ? formatDateTime(d.due_at) : t('wizard.done.dueLater'),
    returned: formatDateTime(d.returned_at),
    amount: formatMoney(Math.max(0, d.amount_due_vnd - d.amount_paid_vnd)),
  }
  return t(`myDossier.explain.${d.status}`, params)
}

// The printable notices addressed to the applicant. The control slip is the agencies' record of
// the steps, not a notice to the applicant.
export function applicantDocuments(
  d: Pick<Dossier, 'status' | 'received_at' | 'supplement_requests' | 'apology_issued'>,
): DocumentKind[] {
  return printableDocuments(d).filter((k) => k !== 'control-slip')
}

// The reasons of the latest supplement request, as the agency wrote them.
export function supplementReasons(events: DossierEvent[]): Reason[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!
    if (e.type === 'supplement_requested') return reasonsOf(e)
  }
  return []
}

function reasonsOf(e: DossierEvent): Reason[] {
  const list = e.data.reasons
  if (!Array.isArray(list)) return []
  return list.map((r) => {
    const x = r as Partial<Reason>
    return { component: String(x.component ?? ''), problem: String(x.problem ?? ''), fix: String(x.fix ?? '') }
  })
}

// The components a supplement request names (not "chung", the dossier as a whole), once each,
// in the order of `order` (the procedure's components) and then as named.
export function askedComponents(reasons: Reason[], order: string[] = []): string[] {
  const named = [...new Set(reasons.map((r) => r.component).filter((c) => c && c !== 'chung'))]
  return [...order.filter((c) => named.includes(c)), ...named.filter((c) => !order.includes(c))]
}

// A line of the readable timeline: what happened, when, and the few facts the applicant needs.
export interface TimelineLine extends PublicTimelineLine {
  details?: string[]
}

export interface Names {
  component: (code: string) => string
  agency: (code: string) => string
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

// The applicant's timeline, oldest first, from the event log: assignments to named officers and
// officers' notes stay out; components and agencies are named; consultations of other agencies
// are told apart from the agency's own steps.
export function citizenTimeline(events: DossierEvent[], names: Names): TimelineLine[] {
  const consultations = new Set<number>()
  const lines: TimelineLine[] = []
  const reasons = (e: DossierEvent) =>
    reasonsOf(e).map((r) => ({
      ...r,
      component: r.component === 'chung' || !r.component ? t('action.fields.general') : names.component(r.component),
    }))
  for (const e of events) {
    const d = e.data
    const line: TimelineLine = { at: e.at, event: e.type, title: t(`event.${e.type}`) }
    const details: string[] = []
    switch (e.type) {
      case 'step_assigned':
        continue
      case 'submitted':
        if (str(d.channel)) details.push(t('myDossier.line.channel', { channel: t(`channel.${str(d.channel)}`) }))
        break
      case 'received':
        if (str(d.due_at)) details.push(t('myDossier.line.due', { at: formatDateTime(str(d.due_at)) }))
        break
      case 'supplement_requested':
      case 'refused':
      case 'stopped':
        line.reasons = reasons(e)
        break
      case 'supplement_received': {
        const list = Array.isArray(d.components) ? [...new Set(d.components.map(String))] : []
        if (list.length) details.push(t('myDossier.line.components', { list: list.map(names.component).join('; ') }))
        if (str(d.new_due_at)) details.push(t('myDossier.line.due', { at: formatDateTime(str(d.new_due_at)) }))
        break
      }
      case 'step_started':
        if (d.consultation === true) {
          if (typeof d.index === 'number') consultations.add(d.index)
          line.event = 'consultation_started'
          line.title = t('event.consultation_started')
          details.push(names.agency(str(d.agency_code)))
        } else {
          details.push(`${str(d.name)} — ${names.agency(str(d.agency_code))}`)
        }
        break
      case 'step_completed':
        if (typeof d.index === 'number' && consultations.has(d.index)) {
          line.event = 'consultation_answered'
          line.title = t('event.consultation_answered')
        }
        break
      case 'payment_requested':
        if (typeof d.amount_vnd === 'number')
          details.push(`${formatMoney(d.amount_vnd)}${str(d.description) ? ` — ${str(d.description)}` : ''}`)
        break
      case 'payment_received':
        if (typeof d.amount_vnd === 'number') details.push(formatMoney(d.amount_vnd))
        if (str(d.new_due_at)) details.push(t('myDossier.line.due', { at: formatDateTime(str(d.new_due_at)) }))
        break
      case 'result_issued':
        if (str(d.result)) details.push(t('myDossier.line.result', { result: str(d.result) }))
        break
      case 'returned':
        if (str(d.method)) details.push(t('myDossier.line.returned', { method: t(`channel.${str(d.method)}`) }))
        break
      case 'apology_issued':
        if (str(d.reason)) details.push(t('myDossier.line.reason', { reason: str(d.reason) }))
        line.new_due_at = str(d.new_due_at) || undefined
        break
      case 'withdrawn':
        if (str(d.reason)) details.push(t('myDossier.line.reason', { reason: str(d.reason) }))
        break
      case 'rated':
        if (typeof d.score === 'number') details.push(t('myDossier.line.rated', { level: ratingLabel(d.score) }))
        break
    }
    if (details.length) line.details = details
    lines.push(line)
  }
  return lines
}

// ---- Rating --------------------------------------------------------------------------------------

// The five levels of satisfaction (rất hài lòng … rất không hài lòng), best first, as the
// `score` of the rate action (5 … 1).
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const
export const RATING_COMMENT_MAX = 1000

export const ratingLabel = (score: number) => t(`myDossier.rating.levels.${score}`)

export function validateRating(score: number | null, comment: string): FieldError[] {
  const errors: FieldError[] = []
  if (score === null || !(RATING_LEVELS as readonly number[]).includes(score))
    errors.push({ field: `rating-${RATING_LEVELS[0]}`, message: t('myDossier.rating.required') })
  if (comment.trim().length > RATING_COMMENT_MAX)
    errors.push({ field: 'rating-comment', message: t('myDossier.rating.tooLong', { n: RATING_COMMENT_MAX }) })
  return errors
}

export function ratingBody(score: number, comment: string): { score: number; comment?: string } {
  const text = comment.trim()
  return text ? { score, comment: text } : { score }
}

// ---- Supplement ----------------------------------------------------------------------------------

export interface SupplementForm {
  components: string[] // chosen components
  files: DraftAttachment[] // uploaded files, each for one component
  uploading: number // files still on their way
}

// Field ids: the component checkbox and the component's file input (ComponentFiles: file-<code>).
export const supplementCheckboxId = (code: string) => `supplement-${code}`
export const supplementFileId = (code: string) => `file-${code}`

// What stops the supplement from being sent: files still uploading, no component chosen, a
// chosen component without a file (an online supplement delivers the files themselves).
export function validateSupplement(form: SupplementForm, componentName: (code: string) => string, first = ''): FieldError[] {
  const errors: FieldError[] = []
  if (form.uploading > 0) errors.push({ field: '', message: t('upload.waiting') })
  if (form.components.length === 0)
    errors.push({ field: supplementCheckboxId(first), message: t('myDossier.supplement.chooseComponent') })
  for (const c of form.components) {
    if (!form.files.some((f) => f.component === c))
      errors.push({ field: supplementFileId(c), message: t('myDossier.supplement.fileMissing', { name: componentName(c) }) })
  }
  return errors
}

export function supplementBody(form: SupplementForm): {
  components: string[]
  attachments: { component: string; sha256: string; name: string }[]
} {
  return {
    components: [...form.components],
    attachments: form.files
      .filter((f) => form.components.includes(f.component))
      .map((f) => ({ component: f.component, sha256: f.sha256, name: f.name })),
  }
}
