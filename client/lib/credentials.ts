import { ref } from 'vue'

const STORED = 'gs_screen_token'

/**
 * A wall's kiosk token: from `?token=` on /screen, remembered so a reload without it still
 * works, and taken out of the address bar once remembered. Other pages run on the logged-in person's session cookie instead.
 */
export function screenToken(): string | null {
  if (!location.pathname.startsWith('/screen')) return null
  const params = new URLSearchParams(location.search)
  const given = params.get('token')
  if (given) {
    localStorage.setItem(STORED, given)
    // Once stored, the token leaves the address bar (and history, screenshots, a shoulder).
    params.delete('token')
    const rest = params.toString()
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`)
    return given
  }
  return localStorage.getItem(STORED)
}

let csrf: string | null = null
/** The session's CSRF token, sent back on every write (the cookie alone cannot write). */
export const setCsrf = (token: string | null) => (csrf = token)

/** Set when the server said 401: the page has no (longer a) session or token. */
export const unauthorised = ref(false)

/** fetch with this page's credentials: the screen token if it has one, else the session cookie. */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const token = screenToken()
  if (token) headers.set('authorization', `Bearer ${token}`)
  if (csrf && init.method && init.method !== 'GET') headers.set('x-csrf-token', csrf)
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json')
  const res = await fetch(url, { ...init, headers })
  unauthorised.value = res.status === 401
  return res
}
