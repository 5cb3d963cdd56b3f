// Submission drafts. Every answer is saved on this device as it is typed, so nothing is lost
// (validation errors, Back, a lost connection, an expired session and signing in again); and for
// a signed-in applicant the draft is also saved on the server (POST/PUT /api/drafts) at every
// page change, so it can be resumed on another device. The local copy is keyed by account and
// procedure and stays the fallback while offline: it remembers which server draft it belongs
// to, at which version, and which answers the server already holds.
//
// The Idempotency-Key is made with the draft, so a repeated submit (double click, retry after a
// timeout) returns the dossier made the first time; once the draft is on the server, the
// submission names it (draft_id) and the server derives the key from it — one draft, one
// dossier, whichever device submits it.
import * as api from '../api'
import { ApiError } from '../api/client'
import type { Applicant, ServerDraft } from '../api/types'
import { newKey } from './ids'

// A file uploaded for one component of the dossier (POST /api/attachments).
export interface DraftAttachment {
  component: string
  sha256: string
  name: string
  size: number
}

export interface Draft {
  procedure_code: string
  procedure_name: string
  user_id: number
  agency_code: string
  applicant: Applicant
  components: string[]
  attachments?: DraftAttachment[] // files uploaded for the components (drafts before files lack it)
  idempotency_key: string
  updated_at: number
  server_id?: string // the server-side draft, once created
  server_version?: number // its version as last saved or read here
  synced?: string // the answers (answersOf) the server holds at server_version
}

const PREFIX = 'motcua.draft.'

function keyOf(userId: number, procedure: string): string {
  return `${PREFIX}${userId}.${procedure}`
}

export function newDraft(userId: number, procedure: string, procedureName: string, displayName: string): Draft {
  return {
    procedure_code: procedure,
    procedure_name: procedureName,
    user_id: userId,
    agency_code: '',
    applicant: { name: displayName, id_number: '', phone: '', email: '', address: '' },
    components: [],
    attachments: [],
    idempotency_key: newKey(),
    updated_at: Date.now(),
  }
}

export function loadDraft(userId: number, procedure: string): Draft | null {
  try {
    const text = localStorage.getItem(keyOf(userId, procedure))
    return text ? (JSON.parse(text) as Draft) : null
  } catch {
    return null
  }
}

export function saveDraft(draft: Draft): void {
  draft.updated_at = Date.now()
  try {
    localStorage.setItem(keyOf(draft.user_id, draft.procedure_code), JSON.stringify(draft))
  } catch {
    // storage full or disabled: the draft lives in memory for this visit
  }
}

export function deleteDraft(userId: number, procedure: string): void {
  try {
    localStorage.removeItem(keyOf(userId, procedure))
  } catch {
    // nothing to delete
  }
}

export function listDrafts(userId: number): Draft[] {
  const out: Draft[] = []
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)
      if (k && k.startsWith(`${PREFIX}${userId}.`)) {
        const d = JSON.parse(localStorage.getItem(k) ?? 'null') as Draft | null
        if (d) out.push(d)
      }
    }
  } catch {
    return out
  }
  return out.sort((a, b) => b.updated_at - a.updated_at)
}

// ---- The server copy --------------------------------------------------------------------

// Roles that keep drafts on the server (core::drafts::MayDraft).
export function keepsServerDrafts(role: string | undefined): boolean {
  return role === 'citizen' || role === 'one_stop_officer'
}

// The answers the server keeps for a draft: everything the wizard needs to resume it, as the
// JSON text the server stores verbatim. Key order is fixed, so equal answers give equal text.
export function answersOf(d: Draft): string {
  return JSON.stringify({
    v: 1,
    procedure_name: d.procedure_name,
    agency_code: d.agency_code,
    applicant: d.applicant,
    components: d.components,
    attachments: d.attachments ?? [],
    idempotency_key: d.idempotency_key,
  })
}

// True when this device has answers the server does not hold yet.
export function unsynced(d: Draft): boolean {
  return !d.server_id || d.synced !== answersOf(d)
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

// The local form of a server draft for `userId` (missing or malformed answers become empty).
export function fromServer(s: ServerDraft, userId: number): Draft {
  let a: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(s.answers ?? '{}')
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) a = parsed as Record<string, unknown>
  } catch {
    a = {}
  }
  const applicant = (a.applicant && typeof a.applicant === 'object' ? a.applicant : {}) as Record<string, unknown>
  const components = Array.isArray(a.components) ? a.components.filter((c): c is string => typeof c === 'string') : []
  const attachments = Array.isArray(a.attachments)
    ? (a.attachments as DraftAttachment[]).filter((f) => f && typeof f.sha256 === 'string' && typeof f.component === 'string')
    : []
  const d: Draft = {
    procedure_code: s.procedure_code,
    procedure_name: str(a.procedure_name) || s.procedure_name,
    user_id: userId,
    agency_code: str(a.agency_code) || s.agency_code,
    applicant: {
      name: str(applicant.name),
      id_number: str(applicant.id_number),
      phone: str(applicant.phone),
      email: str(applicant.email),
      address: str(applicant.address),
    },
    components,
    attachments,
    idempotency_key: str(a.idempotency_key) || newKey(),
    updated_at: Date.now(),
    server_id: s.id,
    server_version: s.version,
  }
  // What the server holds: answers this device would write differently are sent again once.
  d.synced = s.answers ?? ''
  return d
}

// The calls the sync needs (lib code gets them injected, so tests can fake the server).
export interface DraftApi {
  create(body: DraftWrite & { procedure_code: string }): Promise<ServerDraft>
  save(id: string, version: number | undefined, body: DraftWrite): Promise<ServerDraft>
  get(id: string): Promise<ServerDraft>
  list(): Promise<ServerDraft[]>
}

export interface DraftWrite {
  agency_code: string
  answers: string
  attachments: string[]
}

// The real server.
export const serverDrafts: DraftApi = {
  create: (body) => api.createDraft(body),
  save: (id, version, body) => api.saveDraft(id, version, body),
  get: (id) => api.getDraft(id),
  list: async () => (await api.listDrafts()).items,
}

export type SyncOutcome =
  | { state: 'saved' } // the server holds this device's answers
  | { state: 'unchanged' } // it already did
  | { state: 'offline'; message: string } // kept on this device only; retried at the next save
  | { state: 'refused'; message: string } // the server will not take them (kept on this device)
  | { state: 'submitted'; dossier_code: string } // submitted meanwhile (from another device)

const isProblem = (e: unknown, status: number, type?: string) =>
  e instanceof ApiError && e.status === status && (type === undefined || e.problem.type === type)

function writeOf(d: Draft, answers: string): DraftWrite {
  return {
    agency_code: d.agency_code,
    answers,
    attachments: [...new Set((d.attachments ?? []).map((f) => f.sha256))],
  }
}

function adopt(d: Draft, s: ServerDraft, answers: string): void {
  d.server_id = s.id
  d.server_version = s.version
  d.synced = answers
}

// Saves the draft's answers on the server: creates the server draft the first time, then
// replaces it naming the version last seen here. When another device saved in between, this
// device — the one in use — saves over it. A draft deleted or expired on the server is created
// again (the answers here are never thrown away). Updates d.server_id / server_version / synced
// (the caller saves `d` locally afterwards). Never throws.
export async function syncDraft(d: Draft, server: DraftApi): Promise<SyncOutcome> {
  const answers = answersOf(d)
  if (d.server_id && d.synced === answers) return { state: 'unchanged' }
  const body = writeOf(d, answers)
  try {
    if (d.server_id) {
      try {
        adopt(d, await server.save(d.server_id, d.server_version, body), answers)
        return { state: 'saved' }
      } catch (e) {
        if (isProblem(e, 409, '/problems/conflict')) {
          const current = await server.get(d.server_id)
          if (current.status === 'submitted') return { state: 'submitted', dossier_code: current.dossier_code ?? '' }
          adopt(d, await server.save(d.server_id, current.version, body), answers)
          return { state: 'saved' }
        }
        if (isProblem(e, 409)) {
          const current = await server.get(d.server_id).catch(() => null)
          return { state: 'submitted', dossier_code: current?.dossier_code ?? '' }
        }
        if (!isProblem(e, 404)) throw e
        d.server_id = undefined
        d.server_version = undefined
        d.synced = undefined
      }
    }
    adopt(d, await server.create({ procedure_code: d.procedure_code, ...body }), answers)
    return { state: 'saved' }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429)
      return { state: 'refused', message }
    return { state: 'offline', message }
  }
}

// Runs the syncs of one wizard one after the other (a page change while a save is on its way
// waits for it, then saves what is new).
export function createSyncer(server: DraftApi) {
  let chain: Promise<unknown> = Promise.resolve()
  return {
    sync(d: Draft): Promise<SyncOutcome> {
      const next = chain.then(() => syncDraft(d, server))
      chain = next.catch(() => undefined)
      return next
    },
  }
}

// Which copy to continue with, for the same server draft: this device's while it has answers
// the server does not hold; else the server's when it is newer (saved on another device).
export function pickDraft(local: Draft | null, server: ServerDraft, userId: number): Draft {
  if (!local || local.server_id !== server.id) return fromServer(server, userId)
  if (unsynced(local)) return local
  if (server.version > (local.server_version ?? 0)) return fromServer(server, userId)
  return local
}

export interface Resumed {
  draft: Draft | null // null: start a new one
  submitted?: string // the draft was submitted already (from another device), as this dossier
}

// The draft to continue for `procedure`: the server draft `explicitId` (chosen in "my drafts",
// maybe started on another device); else this device's copy, refreshed from the server when
// another device saved since; else the most recent open server draft of the procedure. Offline,
// this device's copy. Never throws.
export async function resumeDraft(
  userId: number,
  procedure: string,
  explicitId: string | undefined,
  server: DraftApi,
): Promise<Resumed> {
  const local = loadDraft(userId, procedure)
  let id = explicitId ?? local?.server_id
  try {
    if (!id) {
      const open = (await server.list()).filter((s) => s.procedure_code === procedure && s.status === 'open')
      if (open.length === 0) return { draft: local }
      id = open[0]!.id
    }
    const found = await server.get(id)
    if (found.procedure_code !== procedure) return { draft: local }
    if (found.status === 'submitted') {
      if (local?.server_id === found.id) deleteDraft(userId, procedure)
      return { draft: null, submitted: found.dossier_code ?? '' }
    }
    return { draft: pickDraft(local, found, userId) }
  } catch (e) {
    if (local && isProblem(e, 404) && local.server_id === id) {
      // Deleted or expired on the server: this device's answers start a new one at the next save.
      local.server_id = undefined
      local.server_version = undefined
      local.synced = undefined
    }
    return { draft: local }
  }
}

// One line of "my drafts": a server draft (with this device's copy when it has one), or a copy
// kept only on this device (never saved on the server, or no longer there).
export interface DraftItem {
  key: string
  procedure_code: string
  procedure_name: string
  saved_at: string // Vietnam civil time "YYYY-MM-DDTHH:MM"
  server?: ServerDraft
  local?: Draft
}

// The drafts to list: the server's (newest first), then those only on this device. With no
// server list (offline), this device's drafts.
export function mergeDrafts(local: Draft[], server: ServerDraft[] | null, civil: (ms: number) => string): DraftItem[] {
  const out: DraftItem[] = []
  const onServer = new Set((server ?? []).map((s) => s.id))
  for (const s of server ?? []) {
    const mine = local.find((d) => d.server_id === s.id)
    out.push({
      key: s.id,
      procedure_code: s.procedure_code,
      procedure_name: s.procedure_name || mine?.procedure_name || s.procedure_code,
      saved_at: s.updated_at,
      server: s,
      local: mine,
    })
  }
  for (const d of local) {
    if (d.server_id && onServer.has(d.server_id)) continue
    // A copy of a server draft that is gone (submitted, deleted or expired elsewhere) and has
    // nothing new is not worth listing; one with unsaved answers is.
    if (server && d.server_id && !unsynced(d)) continue
    out.push({
      key: `local:${d.procedure_code}`,
      procedure_code: d.procedure_code,
      procedure_name: d.procedure_name,
      saved_at: civil(d.updated_at),
      local: d,
    })
  }
  return out
}

// The draft a procedure's page offers to resume: the newest open one of that procedure on the
// server (merged with this device's copy of it), else this device's copy. With no server list
// (offline, or a role without server drafts), this device's copy.
export function draftOfProcedure(
  procedure: string,
  local: Draft | null,
  server: ServerDraft[] | null,
  civil: (ms: number) => string,
): DraftItem | null {
  const open = server?.filter((s) => s.procedure_code === procedure && s.status === 'open') ?? null
  return mergeDrafts(local ? [local] : [], open, civil)[0] ?? null
}
