// Attachments: the check before upload, sizes, progress, the upload request (multipart field
// `file`, CSRF header, language) and its refusals (the server's detail), and the submission body.
import { describe, expect, it, vi } from 'vitest'
import { ApiError, setCsrfToken } from '../src/api/client'
import { MAX_UPLOAD_BYTES, formatSize, percentOf, precheckFile, uploadFile } from '../src/lib/upload'
import { submissionOf } from '../src/lib/wizard'
import { newDraft } from '../src/lib/drafts'

class FakeXhr {
  method = ''
  url = ''
  headers: Record<string, string> = {}
  withCredentials = false
  status = 0
  responseText = ''
  body: FormData | null = null
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: FormData) {
    this.body = body
  }
  abort() {
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent)
  }
  respond(status: number, json: unknown) {
    this.status = status
    this.responseText = JSON.stringify(json)
    this.onload?.()
  }
}

const pdf = () => new File(['%PDF-1.4 test'], 'to-khai.pdf', { type: 'application/pdf' })

describe('precheckFile', () => {
  it.each([
    [{ name: 'a.pdf', size: 10, type: 'application/pdf' }, null],
    [{ name: 'scan.JPG', size: 10, type: '' }, null],
    [{ name: 'photo.png', size: MAX_UPLOAD_BYTES, type: 'image/png' }, null],
    [{ name: 'a.docx', size: 10, type: 'application/vnd.openxmlformats' }, '“a.docx” không phải tệp PDF, PNG hoặc JPEG'],
    [{ name: 'big.pdf', size: MAX_UPLOAD_BYTES + 1, type: 'application/pdf' }, '“big.pdf” lớn hơn 20 MB'],
    [{ name: 'empty.pdf', size: 0, type: 'application/pdf' }, '“empty.pdf” là tệp rỗng'],
  ])('%o → %s', (file, expected) => {
    expect(precheckFile(file)).toBe(expected)
  })
})

describe('sizes and progress', () => {
  it('formats sizes', () => {
    expect(formatSize(12)).toBe('12 B')
    expect(formatSize(2048)).toBe('2 KB')
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1,5 MB')
  })
  it('clamps and rounds percentages', () => {
    expect(percentOf(0, 0)).toBe(0)
    expect(percentOf(1, 3)).toBe(33)
    expect(percentOf(5, 4)).toBe(100)
  })
})

describe('uploadFile', () => {
  it('posts the file as multipart field "file" with the CSRF token and reports progress', async () => {
    setCsrfToken('tok123')
    const xhr = new FakeXhr()
    const seen: number[] = []
    const done = uploadFile(pdf(), { xhr: () => xhr as unknown as XMLHttpRequest, onProgress: (n) => seen.push(n) })
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/attachments')
    expect(xhr.headers['X-CSRF-Token']).toBe('tok123')
    expect(xhr.headers['Accept-Language']).toBe('vi')
    expect((xhr.body!.get('file') as File).name).toBe('to-khai.pdf')
    xhr.progress(50, 100)
    const item = { sha256: 'a'.repeat(64), size: 13, content_type: 'application/pdf', name: 'to-khai.pdf' }
    xhr.respond(201, { items: [item] })
    await expect(done).resolves.toEqual(item)
    expect(seen).toEqual([50, 100])
  })

  it.each([
    [415, 'tệp không thuộc loại cho phép'],
    [413, 'tệp quá lớn'],
  ])('a %i refusal carries the server detail', async (status, detail) => {
    const xhr = new FakeXhr()
    const done = uploadFile(pdf(), { xhr: () => xhr as unknown as XMLHttpRequest })
    xhr.respond(status, { status, detail })
    const err = await done.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(status)
    expect((err as ApiError).message).toBe(detail.charAt(0).toUpperCase() + detail.slice(1))
  })

  it('a stale CSRF token is refreshed and the upload sent again with the new one', async () => {
    setCsrfToken('old')
    const xhrs = [new FakeXhr(), new FakeXhr()]
    let n = 0
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ csrf_token: 'new' }), { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const done = uploadFile(pdf(), { xhr: () => xhrs[n++] as unknown as XMLHttpRequest })
    expect(xhrs[0]!.headers['X-CSRF-Token']).toBe('old')
    xhrs[0]!.respond(403, { status: 403, type: '/problems/csrf', detail: 'csrf' })
    await vi.waitFor(() => expect(n).toBe(2))
    expect(xhrs[1]!.headers['X-CSRF-Token']).toBe('new')
    const item = { sha256: 'c'.repeat(64), size: 13, content_type: 'application/pdf', name: 'to-khai.pdf' }
    xhrs[1]!.respond(201, { items: [item] })
    await expect(done).resolves.toEqual(item)
    expect(fetchMock).toHaveBeenCalledWith('/api/auth/me', { credentials: 'same-origin' })
    vi.unstubAllGlobals()
  })

  it('a 413 without a body still explains the limit', async () => {
    const xhr = new FakeXhr()
    const done = uploadFile(pdf(), { xhr: () => xhr as unknown as XMLHttpRequest })
    xhr.status = 413
    xhr.onload?.()
    await expect(done).rejects.toThrow('“to-khai.pdf” lớn hơn 20 MB')
  })
})

describe('submissionOf', () => {
  it('sends the files of ticked components only', () => {
    const d = newDraft(1, '1.001193', 'Đăng ký khai sinh', 'Mai')
    d.components = ['TP1']
    d.attachments = [
      { component: 'TP1', sha256: 'a'.repeat(64), name: 'to-khai.pdf', size: 10 },
      { component: 'TP2', sha256: 'b'.repeat(64), name: 'chung-sinh.png', size: 10 },
    ]
    expect(submissionOf(d).attachments).toEqual([{ component: 'TP1', sha256: 'a'.repeat(64), name: 'to-khai.pdf' }])
  })
  it('sends an empty list for drafts made before files existed', () => {
    const d = newDraft(1, 'X', 'X', 'Mai')
    delete d.attachments
    expect(submissionOf(d).attachments).toEqual([])
  })
})
