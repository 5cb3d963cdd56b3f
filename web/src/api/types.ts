// JSON shapes of the motcua API (src/http/dto.cpp, src/http/auth_routes.cpp). Times are local
// civil times "YYYY-MM-DDTHH:MM" (Vietnam, UTC+7); dates "YYYY-MM-DD".

export type Role =
  | 'citizen'
  | 'one_stop_officer'
  | 'specialist'
  | 'agency_leader'
  | 'province_controller'
  | 'administrator'
  | 'auditor'
  | 'system'

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  agency_code: string
  demo: boolean
}

export interface LoginResponse {
  user: User
  csrf_token: string
  expires_at: string
}

export interface MeResponse {
  user: User
  csrf_token?: string
}

export interface Component {
  code: string
  name: string
  required: boolean
  copies: number
  original: boolean
  template_url: string
}

export interface Fee {
  name: string
  amount_vnd: number
  description: string
}

export type DurationUnit = 'working_days' | 'working_hours' | 'days'
export type OnlineLevel = 'full' | 'partial' | 'none'

export interface Procedure {
  id: number
  code: string
  version: number
  name: string
  sector_code: string
  sector_name: string
  level: string
  implementing_agency: string
  competent_agency: string
  steps: string
  subjects: string
  requirements: string
  components: Component[]
  deadline: number
  deadline_unit: DurationUnit
  fees: Fee[]
  legal_basis: string
  result: string
  online_level: OnlineLevel
  postal: boolean
  effective_from: string
  effective_to: string | null
}

// One hit of GET /api/catalog/procedures?q=.
export interface ProcedureHit {
  code: string
  name: string
  sector_name: string
  level: string
  online_level: OnlineLevel
  deadline: number
  deadline_unit: DurationUnit
  implementing_agency?: string
}

export interface Page<T> {
  items: T[]
  total: number
  partial?: boolean
}

export interface Agency {
  id: number
  code: string
  name: string
  kind: string
  parent_code: string | null
  subtree?: string[]
}

export interface Applicant {
  name: string
  id_number: string
  phone: string
  email: string
  address: string
}

export interface Step {
  index: number
  name: string
  role: Role
  agency_code: string
  assignee: number | null
  started_at: string
  due_at: string
  finished_at: string | null
  verdict: string
  consultation: boolean
  note: string
}

export type DossierStatus =
  | 'submitted'
  | 'received'
  | 'refused'
  | 'processing'
  | 'supplement_requested'
  | 'awaiting_payment'
  | 'withdrawn'
  | 'stopped'
  | 'processed'
  | 'returned'

export interface Dossier {
  id: number
  version: number
  code: string
  verification_key: string
  agency_code: string
  handling_agency_code: string
  procedure_code: string
  procedure_version: number
  channel: 'online' | 'counter' | 'postal'
  assisted: boolean
  applicant: Applicant & { account: number | null }
  components: string[]
  attachments?: (Attachment & { component: string })[]
  status: DossierStatus
  status_code: number
  status_name: string
  submitted_at: string
  received_at: string | null
  due_at: string | null
  original_due_at: string | null
  apology_issued: boolean
  finished_at: string | null
  returned_at: string | null
  current_step: Step | null
  steps: Step[]
  supplement_requests: number
  amount_due_vnd: number
  amount_paid_vnd: number
  rating: number | null
  verdict: string
}

// One line of GET /api/dossiers (a queue or list).
export interface DossierSummary {
  id: number
  code: string
  procedure_code: string
  procedure_name: string
  agency_code: string
  handling_agency_code: string
  status: DossierStatus
  status_name?: string
  channel: string
  applicant_name: string
  submitted_at: string
  received_at: string | null
  due_at: string | null
  verdict: string
  current_step: Pick<Step, 'index' | 'name' | 'role' | 'agency_code' | 'assignee' | 'started_at' | 'due_at'> | null
  version: number
}

export interface Reason {
  component: string
  problem: string
  fix: string
}

export interface DossierEvent {
  seq: number
  at: string
  type: string
  actor: { role: Role; user: number | null; agency_code: string; name: string }
  data: Record<string, unknown>
}

export interface PublicTimelineLine {
  at: string
  event: string
  title: string
  reasons?: Reason[]
  new_due_at?: string
}

export interface PublicDossier {
  code: string
  procedure_code: string
  agency_code: string
  handling_agency_code: string
  channel: string
  status: DossierStatus
  status_code: number
  status_name: string
  submitted_at: string
  received_at: string | null
  due_at: string | null
  appointment: string | null
  finished_at: string | null
  returned_at: string | null
  verdict: string
  timeline: PublicTimelineLine[]
}

// application/problem+json (src/http/error_mapping.cpp).
export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  field?: string
  request_id?: string
}

// One stored file (POST /api/attachments → {"items":[…]}).
export interface Attachment {
  sha256: string
  size: number
  content_type: string
  name: string
}

// A draft of an online submission kept on the server (GET/POST/PUT /api/drafts…). `answers`
// (the web client's JSON text) comes with one draft, not in lists.
export interface ServerDraft {
  id: string
  procedure_code: string
  procedure_name: string
  agency_code: string
  attachments: string[]
  version: number
  status: 'open' | 'submitted'
  dossier_code: string | null
  submitted_at: string | null
  created_at: string
  updated_at: string
  expires_at: string
  answers?: string
}
