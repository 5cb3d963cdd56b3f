// Typed calls of the motcua API, one function per route the UI uses.
import { get, post, request, withQuery } from './client'
import type {
  Agency,
  Applicant,
  Dossier,
  DossierEvent,
  DossierSummary,
  LoginResponse,
  MeResponse,
  Page,
  Procedure,
  ProcedureHit,
  PublicDossier,
  ServerDraft,
} from './types'

const enc = encodeURIComponent

export const login = (username: string, password: string) =>
  post<LoginResponse>('/api/auth/login', { username, password })
export const logout = () => post<void>('/api/auth/logout')
export const me = () => get<MeResponse>('/api/auth/me')

export const searchProcedures = (q: string, limit = 20, offset = 0, signal?: AbortSignal) =>
  get<Page<ProcedureHit>>(withQuery('/api/catalog/procedures', { q, limit, offset }), { signal })
export const getProcedure = (code: string) => get<Procedure>(`/api/catalog/procedures/${enc(code)}`)

export const getAgency = (code: string) => get<Agency>(`/api/agencies/${enc(code)}`)

const AGENCY_CACHE_KEY = 'motcua.agencies.v1'
let agencies: Promise<Agency[]> | null = null

async function fetchAgencies(): Promise<Agency[]> {
  return (await get<{ items: Agency[] }>('/api/agencies')).items
}

// Every agency of the province (cached for the browser session).
export function listAgencies(): Promise<Agency[]> {
  if (!agencies) {
    try {
      const cached = sessionStorage.getItem(AGENCY_CACHE_KEY)
      if (cached) agencies = Promise.resolve(JSON.parse(cached) as Agency[])
    } catch {
      agencies = null
    }
  }
  if (!agencies) {
    agencies = fetchAgencies().then((list) => {
      try {
        sessionStorage.setItem(AGENCY_CACHE_KEY, JSON.stringify(list))
      } catch {
        // storage full or disabled: keep it in memory only
      }
      return list
    })
    agencies.catch(() => {
      agencies = null
    })
  }
  return agencies
}

export interface SubmissionBody {
  procedure_code: string
  agency_code: string
  channel: 'online' | 'counter' | 'postal'
  applicant: Applicant
  components: string[]
  attachments?: { component: string; sha256: string; name: string }[]
  draft_id?: string // the server draft it is submitted from (marked submitted on success)
}

export const submitDossier = (body: SubmissionBody, idempotencyKey: string) =>
  post<Dossier>('/api/dossiers', body, { headers: { 'Idempotency-Key': idempotencyKey } })

export const getDossier = (code: string) => get<Dossier>(`/api/dossiers/${enc(code)}`)

// Drafts of online submissions kept on the server (If-Match: the version last seen).
export interface DraftBody {
  agency_code: string
  answers: string
  attachments: string[]
}
export const listDrafts = () => get<{ items: ServerDraft[]; limit: number }>('/api/drafts')
export const getDraft = (id: string) => get<ServerDraft>(`/api/drafts/${enc(id)}`)
export const createDraft = (body: DraftBody & { procedure_code: string }) => post<ServerDraft>('/api/drafts', body)
export const saveDraft = (id: string, version: number | undefined, body: DraftBody) =>
  request<ServerDraft>('PUT', `/api/drafts/${enc(id)}`, {
    body,
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
  })
export const deleteDraft = (id: string, version?: number) =>
  request<void>('DELETE', `/api/drafts/${enc(id)}`, {
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
  })
export const getEvents = (code: string) =>
  get<{ code: string; items: DossierEvent[] }>(`/api/dossiers/${enc(code)}/events`)

export const act = (code: string, action: string, body: Record<string, unknown>, version?: number) =>
  post<Dossier>(`/api/dossiers/${enc(code)}/actions/${enc(action)}`, body, {
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
  })

export const track = (code: string, key: string) =>
  get<PublicDossier>(withQuery(`/api/public/dossiers/${enc(code)}`, { key }))

export interface DossierQuery {
  status?: string
  open?: boolean
  due_before?: string
  overdue?: boolean
  sort?: 'due' | 'submitted'
  limit?: number
  offset?: number
  q?: string
}

export const listDossiers = (query: DossierQuery) =>
  get<Page<DossierSummary>>(withQuery('/api/dossiers', { ...query }))
