import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SessionView } from '../../server/contract'
import { apiFetch, setCsrf } from '../lib/credentials'
import { useConnectionStore } from './connection'

type User = SessionView['user']
/** A refused form: the field the server named and its reason. */
export interface FormError {
  field: string
  reason: string
}

async function problem(res: Response): Promise<FormError> {
  const body = (await res.json().catch(() => ({}))) as { message?: string; issues?: FormError[] }
  return body.issues?.[0] ?? { field: '(form)', reason: body.message ?? `HTTP ${res.status}` }
}

/** The person logged in on this page (cookie session; the CSRF token kept in memory only). */
export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null)
  const checked = ref(false)

  function take(v: SessionView) {
    const changed = user.value?.username !== v.user.username || user.value?.mustChangePassword !== v.user.mustChangePassword
    user.value = v.user
    setCsrf(v.csrfToken)
    // A socket refused without a usable session connects again with the new cookie now.
    const conn = useConnectionStore()
    if (changed && !v.user.mustChangePassword && !conn.socket.connected) conn.reconnect()
  }

  /** Resumes a session the cookie still holds (a reload keeps the desk logged in). */
  async function resume() {
    const res = await apiFetch('/api/v1/session').catch(() => null)
    if (res?.ok) take((await res.json()) as SessionView)
    checked.value = true
  }

  async function login(username: string, password: string): Promise<FormError | null> {
    const res = await apiFetch('/api/v1/session', { method: 'POST', body: JSON.stringify({ username, password }) })
    if (res.status !== 201) return problem(res)
    take((await res.json()) as SessionView)
    return null
  }

  async function changePassword(current: string, next: string): Promise<FormError | null> {
    const res = await apiFetch('/api/v1/session/password', { method: 'POST', body: JSON.stringify({ current, next }) })
    if (res.status !== 200) return problem(res)
    // Every session ended with the old password; this browser was given a new one, and its socket goes with it.
    take((await res.json()) as SessionView)
    useConnectionStore().reconnect()
    return null
  }

  async function logout() {
    await apiFetch('/api/v1/session', { method: 'DELETE' }).catch(() => null)
    user.value = null
    setCsrf(null)
  }

  return { user, checked, resume, login, changePassword, logout }
})

export { problem }
