// The online submission wizard as data: its question pages in order (one decision each), what
// each page validates, and where a server error about a field sends the applicant back to.
import { t } from '../i18n'
import type { Component, Procedure } from '../api/types'
import type { Draft } from './drafts'

export type PageId = 'agency' | 'name' | 'id-number' | 'contact' | 'address' | 'components'

export interface PageDef {
  id: PageId
  slug: string // URL segment, /nop-ho-so/<slug>
}

export const PAGES: PageDef[] = [
  { id: 'agency', slug: 'noi-nop' },
  { id: 'name', slug: 'ho-ten' },
  { id: 'id-number', slug: 'so-dinh-danh' },
  { id: 'contact', slug: 'lien-he' },
  { id: 'address', slug: 'dia-chi' },
  { id: 'components', slug: 'giay-to' },
]
export const CHECK_SLUG = 'kiem-tra'

export function pageBySlug(slug: string): PageDef | undefined {
  return PAGES.find((p) => p.slug === slug)
}

export function slugOf(id: PageId): string {
  return PAGES.find((p) => p.id === id)!.slug
}

// A problem with one answer: `field` is the id of the input to focus.
export interface FieldError {
  field: string
  message: string
  to?: string // a page to go to instead of a field on this page
}

export const normalizeIdNumber = (s: string) => s.replace(/[\s.-]/g, '')
export const normalizePhone = (s: string) => {
  const digits = s.replace(/[\s.()-]/g, '')
  return digits.startsWith('+84') ? `0${digits.slice(3)}` : digits.startsWith('84') && digits.length === 11 ? `0${digits.slice(2)}` : digits
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function requiredComponents(procedure: Pick<Procedure, 'components'>): Component[] {
  return procedure.components.filter((c) => c.required)
}

export function validatePage(id: PageId, draft: Draft, procedure: Pick<Procedure, 'components'>): FieldError[] {
  const a = draft.applicant
  const errors: FieldError[] = []
  switch (id) {
    case 'agency':
      if (!draft.agency_code) errors.push({ field: 'agency', message: t('wizard.agency.required') })
      break
    case 'name':
      if (!a.name.trim()) errors.push({ field: 'name', message: t('wizard.name.required') })
      else if (a.name.trim().length >= 100) errors.push({ field: 'name', message: t('wizard.name.tooLong') })
      break
    case 'id-number': {
      const v = normalizeIdNumber(a.id_number)
      if (!v) errors.push({ field: 'id-number', message: t('wizard.idNumber.required') })
      else if (!/^\d{12}$/.test(v)) errors.push({ field: 'id-number', message: t('wizard.idNumber.format') })
      break
    }
    case 'contact': {
      const phone = normalizePhone(a.phone)
      if (!phone) errors.push({ field: 'phone', message: t('wizard.contact.phoneRequired') })
      else if (!/^0\d{9}$/.test(phone)) errors.push({ field: 'phone', message: t('wizard.contact.phoneFormat') })
      if (a.email.trim() && !EMAIL.test(a.email.trim()))
        errors.push({ field: 'email', message: t('wizard.contact.emailFormat') })
      break
    }
    case 'address':
      if (!a.address.trim()) errors.push({ field: 'address', message: t('wizard.address.required') })
      else if (a.address.trim().length >= 300) errors.push({ field: 'address', message: t('wizard.address.tooLong') })
      break
    case 'components':
      for (const c of requiredComponents(procedure)) {
        if (!draft.components.includes(c.code))
          errors.push({ field: `component-${c.code}`, message: t('wizard.components.required', { name: c.name }) })
      }
      break
  }
  return errors
}

// The first page whose answers are missing or wrong, or null when all are good.
export function firstIncomplete(draft: Draft, procedure: Pick<Procedure, 'components'>): PageDef | null {
  return PAGES.find((p) => validatePage(p.id, draft, procedure).length > 0) ?? null
}

// The page and input a server error's `field` ("applicant.phone", "components.TP2") points at.
export function locateServerField(field: string | undefined): { page: PageId; field: string } | null {
  if (!field) return null
  const map: Record<string, { page: PageId; field: string }> = {
    agency_code: { page: 'agency', field: 'agency' },
    'applicant.name': { page: 'name', field: 'name' },
    'applicant.id_number': { page: 'id-number', field: 'id-number' },
    'applicant.phone': { page: 'contact', field: 'phone' },
    'applicant.email': { page: 'contact', field: 'email' },
    'applicant.address': { page: 'address', field: 'address' },
  }
  if (map[field]) return map[field]!
  if (field.startsWith('components.')) return { page: 'components', field: `component-${field.slice(11)}` }
  if (field === 'components') return { page: 'components', field: 'components' }
  return null
}

// The body POST /api/dossiers takes for a draft.
export function submissionOf(draft: Draft) {
  const a = draft.applicant
  return {
    procedure_code: draft.procedure_code,
    agency_code: draft.agency_code,
    channel: 'online' as const,
    applicant: {
      name: a.name.trim(),
      id_number: normalizeIdNumber(a.id_number),
      phone: normalizePhone(a.phone),
      email: a.email.trim(),
      address: a.address.trim(),
    },
    components: [...draft.components],
    // Files of components no longer ticked stay out of the dossier.
    attachments: (draft.attachments ?? [])
      .filter((f) => draft.components.includes(f.component))
      .map((f) => ({ component: f.component, sha256: f.sha256, name: f.name })),
    // The server draft it comes from: marked submitted with the dossier (one draft, one dossier).
    ...(draft.server_id ? { draft_id: draft.server_id } : {}),
  }
}
