// Counter intake: what the form requires, the body it sends (channel "counter"), where a server
// error points, and which printable documents a dossier's state allows.
import { describe, expect, it } from 'vitest'
import { counterField, counterSubmission, documentUrl, emptyCounterForm, printableDocuments, validateCounter } from '../src/lib/counter'

const procedure = {
  components: [
    { code: 'TP1', name: 'Tờ khai', required: true, copies: 1, original: true, template_url: '' },
    { code: 'TP2', name: 'Giấy ủy quyền', required: false, copies: 1, original: false, template_url: '' },
  ],
}

describe('validateCounter', () => {
  it('requires the name and the required components only', () => {
    const errors = validateCounter(emptyCounterForm(), procedure)
    expect(errors.map((e) => e.field)).toEqual(['c-name', 'c-component-TP1'])
    expect(errors[1]!.message).toBe('Chưa nhận “Tờ khai” — đây là giấy tờ bắt buộc')
  })
  it.each([
    ['id_number', '0011900', 'c-id-number'],
    ['phone', '12345', 'c-phone'],
    ['email', 'a@b', 'c-email'],
  ] as const)('a malformed %s is refused', (key, value, field) => {
    const form = emptyCounterForm()
    form.applicant.name = 'Trần Văn An'
    form.components = ['TP1']
    form.applicant[key] = value
    expect(validateCounter(form, procedure).map((e) => e.field)).toEqual([field])
  })
  it('accepts a complete form', () => {
    const form = emptyCounterForm()
    form.applicant = { name: 'Trần Văn An', id_number: '0011 9001 2345', phone: '+84912345678', email: '', address: '' }
    form.components = ['TP1']
    expect(validateCounter(form, procedure)).toEqual([])
  })
})

describe('counterSubmission', () => {
  it('sends channel "counter" with normalised answers', () => {
    const form = emptyCounterForm()
    form.applicant = { name: ' Trần Văn An ', id_number: '0011 9001 2345', phone: '+84912345678', email: '', address: 'Số 1' }
    form.components = ['TP1']
    expect(counterSubmission(form, '1.001193', '000.00.21.H99')).toEqual({
      procedure_code: '1.001193',
      agency_code: '000.00.21.H99',
      channel: 'counter',
      applicant: { name: 'Trần Văn An', id_number: '001190012345', phone: '0912345678', email: '', address: 'Số 1' },
      components: ['TP1'],
    })
  })
  it('maps server fields to inputs', () => {
    expect(counterField('applicant.phone')).toBe('c-phone')
    expect(counterField('components.TP1')).toBe('c-component-TP1')
    expect(counterField('procedure_code')).toBeUndefined()
  })
})

describe('printableDocuments', () => {
  const base = { status: 'submitted' as const, received_at: null, supplement_requests: 0, apology_issued: false }
  it.each([
    [{}, []],
    [{ status: 'received', received_at: '2026-11-25T08:00:00+07:00' }, ['receipt', 'control-slip']],
    [
      { status: 'supplement_requested', received_at: '2026-11-25T08:00:00+07:00', supplement_requests: 1 },
      ['receipt', 'control-slip', 'supplement-request'],
    ],
    [{ status: 'refused' }, ['refusal']],
    [{ status: 'processing', received_at: 'x', apology_issued: true }, ['receipt', 'control-slip', 'apology']],
    [{ status: 'stopped', received_at: 'x' }, ['receipt', 'control-slip', 'stop-notice']],
  ])('%o → %o', (over, expected) => {
    expect(printableDocuments({ ...base, ...over } as Parameters<typeof printableDocuments>[0])).toEqual(expected)
  })
  it('builds the document address', () => {
    expect(documentUrl('000.00.21.H99-261125-0001', 'receipt')).toBe(
      '/api/dossiers/000.00.21.H99-261125-0001/documents/receipt.pdf',
    )
  })
})
