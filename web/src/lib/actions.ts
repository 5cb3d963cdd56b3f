// The dossier actions of the back office (src/http/dto.cpp ActionNames, bodies as ParseCommand
// reads them), when each is offered (status, role: docs/WORKFLOW.md), and the body built from
// a form. The server decides; this only hides what would certainly be refused.
import type { Dossier, DossierStatus, Reason, Role, User } from '../api/types'
import { t } from '../i18n'
import type { FieldError } from './wizard'

export type FieldKind = 'text' | 'textarea' | 'integer' | 'datetime' | 'select' | 'reasons' | 'components'

export interface ActionField {
  name: string // body key
  kind: FieldKind
  label: string // i18n key
  required?: boolean
  options?: { value: string; label: string }[] // i18n keys as labels
}

export interface ActionDef {
  name: string
  statuses: DossierStatus[]
  roles: Role[]
  fields: ActionField[]
  tone?: 'primary' | 'warning' | 'secondary'
}

const OFFICER: Role = 'one_stop_officer'
const SPECIALIST: Role = 'specialist'
const LEADER: Role = 'agency_leader'
const STAFF: Role[] = [OFFICER, SPECIALIST, LEADER]
const OPEN: DossierStatus[] = ['received', 'processing', 'supplement_requested', 'awaiting_payment']

const reasons: ActionField = { name: 'reasons', kind: 'reasons', label: 'action.fields.reason', required: true }

export const ACTIONS: ActionDef[] = [
  { name: 'receive', statuses: ['submitted'], roles: [OFFICER, LEADER], fields: [], tone: 'primary' },
  {
    name: 'forward',
    statuses: ['received'],
    roles: [OFFICER, LEADER],
    fields: [{ name: 'note', kind: 'textarea', label: 'action.fields.note' }],
    tone: 'primary',
  },
  {
    name: 'complete-step',
    statuses: ['processing'],
    roles: STAFF,
    fields: [{ name: 'note', kind: 'textarea', label: 'action.fields.note' }],
    tone: 'primary',
  },
  {
    name: 'issue-result',
    statuses: ['processing'],
    roles: [LEADER],
    fields: [{ name: 'result', kind: 'textarea', label: 'action.fields.result', required: true }],
    tone: 'primary',
  },
  {
    name: 'return-result',
    statuses: ['processed'],
    roles: [OFFICER, LEADER],
    fields: [
      {
        name: 'method',
        kind: 'select',
        label: 'action.fields.returnMethod',
        required: true,
        options: [
          { value: 'counter', label: 'channel.counter' },
          { value: 'postal', label: 'channel.postal' },
          { value: 'online', label: 'channel.online' },
        ],
      },
    ],
    tone: 'primary',
  },
  {
    name: 'request-supplement',
    statuses: ['submitted', 'received', 'processing'],
    roles: STAFF,
    fields: [reasons],
    tone: 'secondary',
  },
  {
    name: 'provide-supplement',
    statuses: ['supplement_requested'],
    roles: [OFFICER, LEADER],
    fields: [{ name: 'components', kind: 'components', label: 'action.fields.components', required: true }],
    tone: 'primary',
  },
  {
    name: 'assign',
    statuses: ['processing'],
    roles: [LEADER, SPECIALIST],
    fields: [{ name: 'assignee', kind: 'integer', label: 'action.fields.assignee', required: true }],
    tone: 'secondary',
  },
  {
    name: 'consult',
    statuses: ['processing'],
    roles: STAFF,
    fields: [
      { name: 'agency_code', kind: 'text', label: 'action.fields.agencyCode', required: true },
      { name: 'question', kind: 'textarea', label: 'action.fields.question', required: true },
      { name: 'budget', kind: 'integer', label: 'action.fields.budget', required: true },
      {
        name: 'unit',
        kind: 'select',
        label: 'action.fields.unit',
        options: [
          { value: 'working_days', label: 'unit.working_days' },
          { value: 'working_hours', label: 'unit.working_hours' },
          { value: 'days', label: 'unit.days' },
        ],
      },
    ],
    tone: 'secondary',
  },
  {
    name: 'answer-consultation',
    statuses: ['processing'],
    roles: [SPECIALIST, LEADER],
    fields: [
      { name: 'step_index', kind: 'integer', label: 'action.fields.stepIndex', required: true },
      { name: 'answer', kind: 'textarea', label: 'action.fields.answer', required: true },
    ],
    tone: 'secondary',
  },
  {
    name: 'request-payment',
    statuses: ['processing'],
    roles: STAFF,
    fields: [
      { name: 'amount_vnd', kind: 'integer', label: 'action.fields.amount', required: true },
      { name: 'description', kind: 'text', label: 'action.fields.description', required: true },
    ],
    tone: 'secondary',
  },
  {
    name: 'confirm-payment',
    statuses: ['awaiting_payment'],
    roles: STAFF,
    fields: [
      { name: 'amount_vnd', kind: 'integer', label: 'action.fields.amount', required: true },
      { name: 'method', kind: 'text', label: 'action.fields.method', required: true },
    ],
    tone: 'primary',
  },
  {
    name: 'apologize',
    statuses: OPEN,
    roles: [LEADER],
    fields: [
      { name: 'reason', kind: 'textarea', label: 'action.fields.reason', required: true },
      { name: 'new_due_at', kind: 'datetime', label: 'action.fields.newDue', required: true },
    ],
    tone: 'warning',
  },
  { name: 'refuse', statuses: ['submitted', ...OPEN], roles: STAFF, fields: [reasons], tone: 'warning' },
  { name: 'stop', statuses: OPEN, roles: [LEADER], fields: [reasons], tone: 'warning' },
  {
    name: 'withdraw',
    statuses: ['submitted', ...OPEN],
    roles: [OFFICER, LEADER],
    fields: [{ name: 'reason', kind: 'textarea', label: 'action.fields.reason', required: true }],
    tone: 'warning',
  },
]

// The actions offered to `user` on `dossier`.
export function availableActions(dossier: Pick<Dossier, 'status' | 'current_step'>, user: User | null): ActionDef[] {
  if (!user) return []
  return ACTIONS.filter((a) => {
    if (!a.statuses.includes(dossier.status) || !a.roles.includes(user.role)) return false
    if (a.name === 'complete-step') {
      const step = dossier.current_step
      return !!step && (step.role === user.role || user.role === LEADER)
    }
    return true
  })
}

export type FormValue = string | string[] | Reason[]
export type ActionForm = Record<string, FormValue>

// A blank form for `def`; with the dossier, an answer to a consultation starts on the open one.
export function emptyForm(def: ActionDef, dossier?: Pick<Dossier, 'steps'>): ActionForm {
  const form: ActionForm = {}
  for (const f of def.fields) {
    if (f.kind === 'reasons') form[f.name] = [{ component: 'chung', problem: '', fix: '' }]
    else if (f.kind === 'components') form[f.name] = []
    else form[f.name] = f.options?.[0]?.value ?? ''
  }
  if (def.name === 'answer-consultation') {
    const open = dossier?.steps.find((s) => s.consultation && !s.finished_at)
    if (open) form.step_index = String(open.index)
  }
  return form
}

// Field ids in the action form: `${action}-${field}` and `${action}-reasons-${i}-${part}`.
export function fieldId(action: string, name: string): string {
  return `${action}-${name}`
}

// Validates the form and builds the JSON body; errors name the inputs.
export function buildBody(def: ActionDef, form: ActionForm): { body: Record<string, unknown>; errors: FieldError[] } {
  const body: Record<string, unknown> = {}
  const errors: FieldError[] = []
  for (const f of def.fields) {
    const v = form[f.name]
    const label = t(f.label)
    if (f.kind === 'reasons') {
      const list = (v as Reason[]).map((r) => ({
        component: r.component.trim(),
        problem: r.problem.trim(),
        fix: r.fix.trim(),
      }))
      list.forEach((r, i) => {
        if (!r.problem)
          errors.push({
            field: fieldId(def.name, `reasons-${i}-problem`),
            message: t('action.errors.required', { field: t('action.fields.problem').toLowerCase() }),
          })
        if (!r.fix)
          errors.push({
            field: fieldId(def.name, `reasons-${i}-fix`),
            message: t('action.errors.required', { field: t('action.fields.fix').toLowerCase() }),
          })
      })
      body[f.name] = list
    } else if (f.kind === 'components') {
      const list = v as string[]
      if (f.required && list.length === 0)
        errors.push({ field: fieldId(def.name, f.name), message: t('action.errors.required', { field: label.toLowerCase() }) })
      body[f.name] = list
    } else {
      const text = String(v ?? '').trim()
      if (!text) {
        if (f.required)
          errors.push({ field: fieldId(def.name, f.name), message: t('action.errors.required', { field: label.toLowerCase() }) })
        continue
      }
      if (f.kind === 'integer') {
        if (!/^-?\d+$/.test(text.replace(/[.\s]/g, ''))) {
          errors.push({ field: fieldId(def.name, f.name), message: t('action.errors.number', { field: label }) })
          continue
        }
        body[f.name] = Number(text.replace(/[.\s]/g, ''))
      } else if (f.kind === 'datetime') {
        body[f.name] = text.slice(0, 16) // <input type="datetime-local"> gives YYYY-MM-DDTHH:MM
      } else {
        body[f.name] = text
      }
    }
  }
  return { body, errors }
}
