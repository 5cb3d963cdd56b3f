// Who is signed in. The session itself is an HttpOnly cookie; the UI keeps the user and the
// CSRF token (from login or GET /api/auth/me) and forgets them when the server answers 401.
import { reactive } from 'vue'
import * as api from '../api'
import { ApiError, setCsrfToken, setUnauthenticatedHandler } from '../api/client'
import type { Role, User } from '../api/types'

export const session = reactive({
  user: null as User | null,
  checked: false,
  expired: false, // a request found the session gone (not an explicit sign-out)
})

setUnauthenticatedHandler(() => {
  if (session.user) session.expired = true
  session.user = null
  setCsrfToken('')
})

let loading: Promise<void> | null = null

// Asks the server once who we are (401 = nobody).
export function loadSession(): Promise<void> {
  if (!loading) {
    loading = api
      .me()
      .then((r) => {
        session.user = r.user
        setCsrfToken(r.csrf_token ?? '')
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('session check failed', e)
        session.user = null
      })
      .finally(() => {
        session.checked = true
      })
  }
  return loading
}

export async function signIn(username: string, password: string): Promise<User> {
  const r = await api.login(username, password)
  session.user = r.user
  session.expired = false
  session.checked = true
  setCsrfToken(r.csrf_token)
  return r.user
}

export async function signOut(): Promise<void> {
  try {
    await api.logout()
  } finally {
    session.user = null
    session.expired = false
    setCsrfToken('')
  }
}

export const STAFF_ROLES: Role[] = ['one_stop_officer', 'specialist', 'agency_leader']

export function isStaff(user: User | null): boolean {
  return !!user && STAFF_ROLES.includes(user.role)
}
