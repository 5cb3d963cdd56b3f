// The one way the UI talks to the server: same origin, JSON, the session cookie, the CSRF token
// on every state-changing request, the UI language as Accept-Language (so problem details come
// back in it), and problem+json turned into an ApiError.
import { locale, t } from '../i18n'
import type { Problem } from './types'

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(status: number, problem: Problem, message: string) {
    super(message)
    this.status = status
    this.problem = problem
  }

  get field(): string | undefined {
    return this.problem.field
  }
}

let csrfToken = ''
// Called when a request finds the session gone (401); the session store listens.
let onUnauthenticated: (() => void) | null = null

export function setCsrfToken(token: string): void {
  csrfToken = token
}

// The current CSRF token, for requests not sent through request() (uploads with progress).
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {}
}

// Fetches a fresh CSRF token (after a 403 /problems/csrf: another tab signed in again); true when
// one was obtained.
export async function refreshCsrf(): Promise<boolean> {
  const me = await fetch('/api/auth/me', { credentials: 'same-origin' }).catch(() => null)
  if (!me?.ok) return false
  const body = (await me.json().catch(() => ({}))) as { csrf_token?: string }
  csrfToken = body.csrf_token ?? ''
  return !!csrfToken
}

// The message for a failed request (see messageOf), for callers outside request().
export function problemMessage(status: number, problem: Problem): string {
  return messageOf(status, problem)
}

export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

export interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

// The message a person reads for a failed request: the server's detail when it gave one (never
// a code), else a plain sentence by status.
function messageOf(status: number, problem: Problem): string {
  if (status === 401) return t('errors.sessionExpired')
  if (problem.detail) return problem.detail.charAt(0).toUpperCase() + problem.detail.slice(1)
  if (status === 403) return t('errors.forbidden')
  if (status === 409) return t('errors.conflict')
  if (problem.title && status < 500) return problem.title
  return t('errors.unknown')
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': locale.value,
    ...options.headers,
  }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken
  }
  return fetch(path, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  })
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response
  try {
    response = await send(method, path, options)
    if (response.status === 403 && method !== 'GET') {
      // A stale CSRF token (another tab signed in again): refresh it once and retry.
      const problem = (await response.clone().json().catch(() => ({}))) as Problem
      if (problem.type === '/problems/csrf') {
        const me = await fetch('/api/auth/me', { credentials: 'same-origin' })
        if (me.ok) {
          const body = (await me.json()) as { csrf_token?: string }
          csrfToken = body.csrf_token ?? ''
          response = await send(method, path, options)
        }
      }
    }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, {}, t('errors.network'))
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let json: unknown = undefined
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  if (!response.ok) {
    const problem = (json && typeof json === 'object' ? json : {}) as Problem
    if (response.status === 401 && onUnauthenticated) onUnauthenticated()
    throw new ApiError(response.status, problem, messageOf(response.status, problem))
  }
  return json as T
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options)
export const post = <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
  request<T>('POST', path, { ...options, body: body ?? {} })

// Builds "path?a=1&b=2", skipping empty values.
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}
