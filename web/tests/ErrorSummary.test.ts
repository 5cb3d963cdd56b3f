import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import ErrorSummary from '../src/components/ErrorSummary.vue'
import TextField from '../src/components/TextField.vue'
import { i18n } from '../src/i18n'

const global = { plugins: [i18n], stubs: { RouterLink: { template: '<a><slot /></a>' } } }

describe('ErrorSummary', () => {
  it('renders nothing without errors', () => {
    const w = mount(ErrorSummary, { props: { errors: [] }, global })
    expect(w.find('[data-testid="error-summary"]').exists()).toBe(false)
  })

  it('lists each problem as a link to its field, under a plain title, and takes focus', async () => {
    const w = mount(ErrorSummary, {
      props: {
        errors: [
          { field: 'phone', message: 'Nhập số điện thoại di động' },
          { field: 'email', message: 'Nhập email đúng dạng, ví dụ ten@example.com' },
        ],
      },
      global,
      attachTo: document.body,
    })
    await nextTick()
    await nextTick()
    const box = w.get('[data-testid="error-summary"]')
    expect(box.attributes('role')).toBe('alert')
    expect(box.text()).toContain('Có lỗi cần sửa')
    const links = w.findAll('a')
    expect(links.map((a) => a.attributes('href'))).toEqual(['#phone', '#email'])
    expect(links[0]!.text()).toBe('Nhập số điện thoại di động')
    expect(document.activeElement).toBe(box.element)
    w.unmount()
  })

  it('moves focus to the field when a link is followed', async () => {
    const field = document.createElement('input')
    field.id = 'id-number'
    document.body.appendChild(field)
    const w = mount(ErrorSummary, {
      props: { errors: [{ field: 'id-number', message: 'Nhập số định danh cá nhân' }] },
      global,
      attachTo: document.body,
    })
    await nextTick()
    await nextTick() // the summary has taken focus
    await w.get('a').trigger('click')
    expect(document.activeElement).toBe(field)
    w.unmount()
    field.remove()
  })

  it('shows a problem without a field as text (a server detail, never a code)', () => {
    const w = mount(ErrorSummary, {
      props: { errors: [{ field: '', message: 'Không thực hiện được ở trạng thái hiện tại' }] },
      global,
    })
    expect(w.findAll('a')).toHaveLength(0)
    expect(w.text()).toContain('Không thực hiện được ở trạng thái hiện tại')
  })
})

describe('TextField', () => {
  it('shows the same message inline, marks the input invalid, and keeps what was typed', () => {
    const w = mount(TextField, {
      props: { id: 'phone', label: 'Số điện thoại', modelValue: '0912', error: 'Nhập số điện thoại di động gồm 10 chữ số', hint: 'Ví dụ' },
      global,
    })
    const input = w.get('input')
    expect((input.element as HTMLInputElement).value).toBe('0912')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(input.attributes('aria-describedby')).toBe('phone-hint phone-error')
    expect(w.get('#phone-error').text()).toContain('Nhập số điện thoại di động gồm 10 chữ số')
    expect(w.get('label').attributes('for')).toBe('phone')
  })

  it('is the page heading for a one-question page', () => {
    const w = mount(TextField, { props: { id: 'name', label: 'Họ và tên', modelValue: '', heading: true }, global })
    expect(w.get('h1 label').text()).toBe('Họ và tên')
  })
})
