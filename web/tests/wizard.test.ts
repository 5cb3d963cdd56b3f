import { describe, expect, it } from 'vitest'
import { newDraft } from '../src/lib/drafts'
import {
  PAGES,
  firstIncomplete,
  locateServerField,
  normalizePhone,
  submissionOf,
  validatePage,
  type PageId,
} from '../src/lib/wizard'

const procedure = {
  components: [
    { code: 'TP1', name: 'Tờ khai', required: true, copies: 1, original: true, template_url: '' },
    { code: 'TP2', name: 'Giấy chứng sinh', required: true, copies: 1, original: true, template_url: '' },
    { code: 'TP3', name: 'Văn bản ủy quyền', required: false, copies: 1, original: true, template_url: '' },
  ],
}

function complete() {
  const d = newDraft(7, '1.001193', 'Đăng ký khai sinh', 'Nguyễn Thị Mai')
  d.agency_code = '000.00.21.H99'
  d.applicant.id_number = '001190012345'
  d.applicant.phone = '0912345678'
  d.applicant.address = 'Số 1, phường Thống Nhất'
  d.components = ['TP1', 'TP2']
  return d
}

describe('wizard pages', () => {
  it('has at most 10 question pages, one decision each', () => {
    expect(PAGES.length).toBeLessThanOrEqual(10)
    expect(new Set(PAGES.map((p) => p.slug)).size).toBe(PAGES.length)
  })

  it('pre-fills the applicant name from the account', () => {
    expect(newDraft(1, 'x', 'X', 'Trần Văn Hùng').applicant.name).toBe('Trần Văn Hùng')
  })

  it('accepts a complete draft on every page', () => {
    const d = complete()
    for (const p of PAGES) expect(validatePage(p.id, d, procedure)).toEqual([])
    expect(firstIncomplete(d, procedure)).toBeNull()
  })

  const cases: [PageId, (d: ReturnType<typeof complete>) => void, string, RegExp][] = [
    ['agency', (d) => (d.agency_code = ''), 'agency', /Chọn cơ quan/],
    ['name', (d) => (d.applicant.name = '   '), 'name', /Nhập họ và tên/],
    ['name', (d) => (d.applicant.name = 'a'.repeat(120)), 'name', /ít hơn 100/],
    ['id-number', (d) => (d.applicant.id_number = ''), 'id-number', /Nhập số định danh/],
    ['id-number', (d) => (d.applicant.id_number = '12345'), 'id-number', /đúng 12 chữ số/],
    ['id-number', (d) => (d.applicant.id_number = '00119001234x'), 'id-number', /đúng 12 chữ số/],
    ['contact', (d) => (d.applicant.phone = ''), 'phone', /Nhập số điện thoại/],
    ['contact', (d) => (d.applicant.phone = '091234'), 'phone', /10 chữ số/],
    ['contact', (d) => (d.applicant.email = 'mai@'), 'email', /email đúng dạng/],
    ['address', (d) => (d.applicant.address = ''), 'address', /Nhập địa chỉ/],
    ['components', (d) => (d.components = ['TP1']), 'component-TP2', /Giấy chứng sinh/],
  ]
  it.each(cases)('page %s: %s', (page, spoil, field, message) => {
    const d = complete()
    spoil(d)
    const errors = validatePage(page, d, procedure)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.field).toBe(field)
    expect(errors[0]!.message).toMatch(message)
    expect(errors[0]!.message).not.toMatch(/invalid|\b[A-Z_]{4,}\b/) // no codes
    expect(firstIncomplete(d, procedure)?.id).toBe(page)
  })

  it('takes spaced or international phone numbers and spaced ID numbers', () => {
    const d = complete()
    d.applicant.phone = '+84 912 345 678'
    d.applicant.id_number = '001 190 012 345'
    expect(validatePage('contact', d, procedure)).toEqual([])
    expect(validatePage('id-number', d, procedure)).toEqual([])
    expect(normalizePhone('+84 912 345 678')).toBe('0912345678')
    const body = submissionOf(d)
    expect(body.applicant.phone).toBe('0912345678')
    expect(body.applicant.id_number).toBe('001190012345')
    expect(body.channel).toBe('online')
  })

  it('an optional component is not required', () => {
    const d = complete()
    expect(d.components).not.toContain('TP3')
    expect(validatePage('components', d, procedure)).toEqual([])
  })

  it('sends a server error about a field back to its page', () => {
    expect(locateServerField('applicant.name')).toEqual({ page: 'name', field: 'name' })
    expect(locateServerField('applicant.phone')).toEqual({ page: 'contact', field: 'phone' })
    expect(locateServerField('components.TP2')).toEqual({ page: 'components', field: 'component-TP2' })
    expect(locateServerField('agency_code')).toEqual({ page: 'agency', field: 'agency' })
    expect(locateServerField('procedure_code')).toBeNull()
    expect(locateServerField(undefined)).toBeNull()
  })
})
