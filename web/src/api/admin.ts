// Typed calls of the administration API (src/http/admin_routes.cpp, src/http/auth_routes.cpp)
// and the shapes only the administration pages use.
import { get, post, request, withQuery } from './client'
import type { Agency, DurationUnit, OnlineLevel, Procedure, Role } from './types'

const enc = encodeURIComponent

// ---- Accounts ----------------------------------------------------------------------------

export interface Account {
  id: number
  username: string
  display_name: string
  role: Role
  agency_code: string
  demo: boolean
  phone: string
  email: string
  created_at: string
  last_login_at: string | null
  locked_until: string | null
  disabled_at: string | null
}

export interface AccountUpdate {
  role?: Role
  agency_code?: string
  display_name?: string
}

export const listAccounts = (query: { role?: string; agency?: string; limit?: number } = {}) =>
  get<{ items: Account[] }>(withQuery('/api/accounts', { limit: 1000, ...query }))
export const updateAccount = (id: number, change: AccountUpdate) =>
  request<Account>('PATCH', `/api/accounts/${id}`, { body: change })
export const disableAccount = (id: number) => post<Account>(`/api/accounts/${id}/disable`)
export const enableAccount = (id: number) => post<Account>(`/api/accounts/${id}/enable`)

// ---- Agencies ----------------------------------------------------------------------------

export interface AgencyNode extends Agency {
  depth: number
}

// The agency tree, depth-first (uncached: administrators see changes at once).
export const agencyTree = async () => (await get<{ items: AgencyNode[] }>('/api/agencies')).items

// ---- Catalog -----------------------------------------------------------------------------

export type ChangeKind = 'new' | 'amended' | 'replaced' | 'abolished'

export interface DecisionItem {
  kind: ChangeKind
  code: string
  replaced_code: string
}

export interface Decision {
  id: number
  number: string
  title: string
  issuer: string
  signed_on: string
  effective_on: string
  items: DecisionItem[]
}

// The content of a version as the administrator sends it (ProcedureContent in the OpenAPI).
export interface ProcedureContent {
  code?: string
  name: string
  sector_code?: string
  sector_name: string
  level: string
  implementing_agency?: string
  competent_agency?: string
  steps?: string
  subjects?: string
  requirements?: string
  components?: Procedure['components']
  deadline: number
  deadline_unit: DurationUnit
  fees?: Procedure['fees']
  legal_basis?: string
  result?: string
  online_level?: OnlineLevel
  postal?: boolean
}

export interface DecisionRequest {
  number: string
  title: string
  issuer?: string
  signed_on: string
  effective_on: string
  items: { kind?: ChangeKind; code: string; replaced_code?: string; version?: ProcedureContent }[]
}

export const listDecisions = async () => (await get<{ items: Decision[] }>('/api/catalog/decisions')).items
export const procedureVersions = async (code: string) =>
  (await get<{ items: Procedure[] }>(`/api/catalog/procedures/${enc(code)}/versions`)).items
export const publishDecision = (body: DecisionRequest) =>
  post<{ decision: Decision; versions: Procedure[] }>('/api/catalog/decisions', body)

// ---- Internal processes ------------------------------------------------------------------

export type StepRole = 'one_stop_officer' | 'specialist' | 'agency_leader'
export type StepUnit = 'working_days' | 'working_hours'

export interface ProcessStep {
  name: string
  role: StepRole
  agency_code: string
  budget: number
  unit: StepUnit
}

export interface Process {
  procedure_code: string
  agency_code: string
  steps: ProcessStep[]
}

export interface ProcessVersion extends Process {
  version: number
  applies_from: string
  saved_at: string
  saved_by: string
}

export const getProcess = (procedure: string, agency: string) =>
  get<Process>(`/api/processes/${enc(procedure)}/${enc(agency)}`)
export const processVersions = async (procedure: string, agency: string) =>
  (await get<{ items: ProcessVersion[] }>(`/api/processes/${enc(procedure)}/${enc(agency)}/versions`)).items
export const saveProcess = (procedure: string, agency: string, steps: ProcessStep[]) =>
  request<ProcessVersion>('PUT', `/api/processes/${enc(procedure)}/${enc(agency)}`, { body: { steps } })

// ---- Calendar ----------------------------------------------------------------------------

export type DayKind = 'holiday' | 'compensatory' | 'swap_off' | 'makeup_workday'
export type DayReason = 'workday' | 'weekend' | DayKind

export interface CalendarDay {
  date: string
  working: boolean
  reason: DayReason
  name: string
  description: string
  agency_override: boolean
  statutory_fallback: boolean
}

export interface CalendarEntry {
  date: string
  kind: DayKind
  name: string
}

export const calendarDays = async (from: string, to: string, agency?: string) =>
  (await get<{ days: CalendarDay[] }>(withQuery('/api/calendar/days', { from, to, agency }))).days
export const agencyCalendar = async (code: string) =>
  (await get<{ entries: CalendarEntry[] }>(`/api/agencies/${enc(code)}/calendar`)).entries
export const saveAgencyCalendar = async (code: string, entries: CalendarEntry[]) =>
  (await request<{ entries: CalendarEntry[] }>('PUT', `/api/agencies/${enc(code)}/calendar`, { body: { entries } }))
    .entries
