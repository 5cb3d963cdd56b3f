// Counter intake by a one-stop officer (the applicant at the desk): what the form checks, the
// body POST /api/dossiers takes (channel "counter": received at once), and which printable
// documents of a dossier make sense in its state (the server answers 409 for the others).
import { t } from '../i18n'
import type { Applicant, Dossier, Procedure } from '../api/types'
import type { SubmissionBody } from '../api'
import { normalizeIdNumber, normalizePhone, requiredComponents, type FieldError } from './wizard'

export interface CounterForm {
  applicant: Applicant
  components: string[]
}

export const emptyCounterForm = (): CounterForm => ({
  applicant: { name: '', id_number: '', phone: '', email: '', address: '' },
  components: [],
})

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

// Problems with the form, in the order of its fields. The officer copies from papers, so only the
// name and the required components are mandatory; what is typed must be well formed.
export function validateCounter(form: CounterForm, procedure: Pick<Procedure, 'components'>): FieldError[] {
  const a = form.applicant
  const errors: FieldError[] = []
  if (!a.name.trim()) errors.push({ field: 'c-name', message: t('counter.nameRequired') })
  else if (a.name.trim().length >= 100) errors.push({ field: 'c-name', message: t('wizard.name.tooLong') })
  const id = normalizeIdNumber(a.id_number)
  if (id && !/^\d{12}$/.test(id)) errors.push({ field: 'c-id-number', message: t('wizard.idNumber.format') })
  const phone = normalizePhone(a.phone)
  if (phone && !/^0\d{9}$/.test(phone)) errors.push({ field: 'c-phone', message: t('wizard.contact.phoneFormat') })
  if (a.email.trim() && !EMAIL.test(a.email.trim())) errors.push({ field: 'c-email', message: t('wizard.contact.emailFormat') })
  if (a.address.trim().length >= 300) errors.push({ field: 'c-address', message: t('wizard.address.tooLong') })
  for (const c of requiredComponents(procedure)) {
    if (!form.components.includes(c.code))
      errors.push({ field: `c-component-${c.code}`, message: t('counter.componentMissing', { name: c.name }) })
  }
  return errors
}

// The input a server error's `field` points at on the counter form.
export function counterField(field: string | undefined): string | undefined {
  if (!field) return undefined
  const map: Record<string, string> = {
    'applicant.name': 'c-name',
    'applicant.id_number': 'c-id-number',
    'applicant.phone': 'c-phone',
    'applicant.email': 'c-email',
    'applicant.address': 'c-address',
  }
  if (map[field]) return map[field]
  if (field.startsWith('components.')) return `c-component-${field.slice(11)}`
  return undefined
}

export function counterSubmission(form: CounterForm, procedureCode: string, agencyCode: string): SubmissionBody {
  const a = form.applicant
  return {
    procedure_code: procedureCode,
    agency_code: agencyCode,
    channel: 'counter',
    applicant: {
      name: a.name.trim(),
      id_number: normalizeIdNumber(a.id_number),
      phone: normalizePhone(a.phone),
      email: a.email.trim(),
      address: a.address.trim(),
    },
    components: [...form.components],
  }
}

export type DocumentKind = 'receipt' | 'control-slip' | 'supplement-request' | 'refusal' | 'apology' | 'stop-notice'

// The printable documents (GET /api/dossiers/{code}/documents/{kind}.pdf) a dossier's state allows.
export function printableDocuments(
  d: Pick<Dossier, 'status' | 'received_at' | 'supplement_requests' | 'apology_issued'>,
): DocumentKind[] {
  const out: DocumentKind[] = []
  if (d.received_at) out.push('receipt', 'control-slip')
  if (d.supplement_requests > 0) out.push('supplement-request')
  if (d.status === 'refused') out.push('refusal')
  if (d.apology_issued) out.push('apology')
  if (d.status === 'stopped') out.push('stop-notice')
  return out
}

export const documentUrl = (code: string, kind: DocumentKind) =>
  `/api/dossiers/${encodeURIComponent(code)}/documents/${kind}.pdf`
