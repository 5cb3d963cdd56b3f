// One component's files: a chosen file is uploaded with its progress shown; a refusal shows the
// server's reason next to the file with a retry; a file refused before upload is never sent.
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../src/i18n'
import { ApiError } from '../src/api/client'

const uploadFile = vi.fn()
vi.mock('../src/lib/upload', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/lib/upload')>()),
  uploadFile: (...args: unknown[]) => uploadFile(...args),
}))

async function mountFiles() {
  const ComponentFiles = (await import('../src/components/ComponentFiles.vue')).default
  return mount(ComponentFiles, { props: { code: 'TP1', name: 'Tờ khai', files: [] }, global: { plugins: [i18n] } })
}

function choose(wrapper: Awaited<ReturnType<typeof mountFiles>>, file: File) {
  const input = wrapper.find('input[type=file]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  return input.trigger('change')
}

const pdf = () => new File(['%PDF-1.4'], 'to-khai.pdf', { type: 'application/pdf' })

describe('ComponentFiles', () => {
  beforeEach(() => {
    uploadFile.mockReset()
  })

  it('states formats and limit, shows progress and reports the stored file', async () => {
    let progress: (n: number) => void = () => {}
    let finish: (v: unknown) => void = () => {}
    uploadFile.mockImplementation((...a: unknown[]) => {
      progress = (a[1] as { onProgress: (n: number) => void }).onProgress
      return new Promise((r) => (finish = r))
    })
    const w = await mountFiles()
    expect(w.text()).toContain('PDF, PNG hoặc JPEG, mỗi tệp tối đa 20 MB')
    await choose(w, pdf())
    progress(40)
    await flushPromises()
    expect(w.find('progress').attributes('value')).toBe('40')
    expect(w.emitted('busy')?.at(-1)).toEqual([1])
    const stored = { sha256: 'a'.repeat(64), size: 8, content_type: 'application/pdf', name: 'to-khai.pdf' }
    finish(stored)
    await flushPromises()
    expect(w.emitted('uploaded')).toEqual([[stored]])
    expect(w.emitted('busy')?.at(-1)).toEqual([0])
    expect(w.find('progress').exists()).toBe(false)
  })

  it('shows the server reason with a retry that uploads again', async () => {
    uploadFile.mockRejectedValueOnce(new ApiError(415, { detail: 'x' }, 'Tệp không đúng định dạng cho phép'))
    const w = await mountFiles()
    await choose(w, pdf())
    await flushPromises()
    expect(w.get('[data-testid=upload-error]').text()).toContain('Tệp không đúng định dạng cho phép')
    uploadFile.mockResolvedValueOnce({ sha256: 'b'.repeat(64), size: 8, content_type: 'application/pdf', name: 'to-khai.pdf' })
    await w.get('[data-testid=upload-retry]').trigger('click')
    await flushPromises()
    expect(uploadFile).toHaveBeenCalledTimes(2)
    expect(w.find('[data-testid=upload-error]').exists()).toBe(false)
    expect(w.emitted('uploaded')).toHaveLength(1)
  })

  it('never sends a file of another type', async () => {
    const w = await mountFiles()
    await choose(w, new File(['x'], 'notes.docx', { type: 'application/msword' }))
    await flushPromises()
    expect(uploadFile).not.toHaveBeenCalled()
    expect(w.get('[data-testid=upload-error]').text()).toContain('“notes.docx” không phải tệp PDF, PNG hoặc JPEG')
  })
})
