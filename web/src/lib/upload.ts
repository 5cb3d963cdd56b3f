// Attachments: what may be uploaded (PDF, PNG, JPEG up to 20 MB, the server's limits), checked
// before sending, and the upload itself with XMLHttpRequest so that progress can be shown per
// file (fetch has no upload progress). The session cookie, CSRF token and UI language go with it;
// a refusal (413, 415, …) becomes an ApiError carrying the server's problem detail.
import { ApiError, csrfHeader, problemMessage, refreshCsrf } from '../api/client'
import type { Attachment, Problem } from '../api/types'
import { locale, t } from '../i18n'

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024
export const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg']
export const ACCEPT_ATTRIBUTE = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg'
const EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg']

// Why a file cannot be sent, or null when it may be. The server recognises the type from the
// bytes and has the last word; this only spares a slow upload that would be refused.
export function precheckFile(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : ''
  const typeOk = ACCEPTED_TYPES.includes(file.type) || EXTENSIONS.includes(ext)
  if (!typeOk) return t('upload.wrongType', { name: file.name })
  if (file.size > MAX_UPLOAD_BYTES) return t('upload.tooLarge', { name: file.name })
  if (file.size === 0) return t('upload.empty', { name: file.name })
  return null
}

// "1,2 MB", "350 KB", "12 B".
export function formatSize(bytes: number): string {
  const nf = (n: number) => n.toLocaleString(locale.value === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })
  if (bytes >= 1024 * 1024) return `${nf(bytes / (1024 * 1024))} MB`
  if (bytes >= 1024) return `${nf(bytes / 1024)} KB`
  return `${bytes} B`
}

// A percentage 0–100 from an upload progress event.
export function percentOf(loaded: number, total: number): number {
  if (!total || total <= 0) return 0
  return Math.max(0, Math.min(100, Math.round((loaded / total) * 100)))
}

export interface UploadOptions {
  onProgress?: (percent: number) => void
  signal?: AbortSignal
  // For tests: the XMLHttpRequest to use.
  xhr?: () => XMLHttpRequest
}

// Uploads one file to POST /api/attachments (multipart field `file`) and resolves to what the
// server stored. A stale CSRF token (403 /problems/csrf) is refreshed and the upload tried once more.
export async function uploadFile(file: File, options: UploadOptions = {}): Promise<Attachment> {
  try {
    return await uploadOnce(file, options)
  } catch (e) {
    if (e instanceof ApiError && e.status === 403 && e.problem.type === '/problems/csrf' && (await refreshCsrf()))
      return uploadOnce(file, options)
    throw e
  }
}

function uploadOnce(file: File, options: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = options.xhr ? options.xhr() : new XMLHttpRequest()
    xhr.open('POST', '/api/attachments')
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', locale.value)
    for (const [k, v] of Object.entries(csrfHeader())) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e: ProgressEvent) => {
      if (e.lengthComputable) options.onProgress?.(percentOf(e.loaded, e.total))
    }
    xhr.onload = () => {
      let json: unknown = undefined
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        json = undefined
      }
      if (xhr.status === 201 || xhr.status === 200) {
        const item = (json as { items?: Attachment[] } | undefined)?.items?.[0]
        if (item) {
          options.onProgress?.(100)
          resolve(item)
          return
        }
        reject(new ApiError(xhr.status, {}, t('errors.unknown')))
        return
      }
      const problem = (json && typeof json === 'object' ? json : {}) as Problem
      let message = problemMessage(xhr.status, problem)
      if (!problem.detail && xhr.status === 413) message = t('upload.tooLarge', { name: file.name })
      if (!problem.detail && xhr.status === 415) message = t('upload.wrongType', { name: file.name })
      reject(new ApiError(xhr.status, problem, message))
    }
    xhr.onerror = () => reject(new ApiError(0, {}, t('errors.network')))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    options.signal?.addEventListener('abort', () => xhr.abort())
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}
