// Submission drafts, saved on this device after every answer so that nothing typed is lost
// (validation errors, Back, a lost connection, an expired session and signing in again).
// Keyed by account and procedure. The Idempotency-Key is made with the draft, so a repeated
// submit (double click, retry after a timeout) returns the dossier made the first time.
import type { Applicant } from '../api/types'
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
