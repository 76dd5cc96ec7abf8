import { defineStore } from 'pinia'
import { ref } from 'vue'
import { apiFetch } from '../lib/credentials'
import type { UnitView } from '../../server/contract'
import { problem, type FormError } from './session'

export interface AdminUser {
  id: number; username: string; displayName: string; role: 'admin' | 'leader' | 'duty'; regionCode: string
  mustChangePassword: boolean; createdAt: string; disabledAt: string | null; lastLoginAt: string | null; lastLoginAddress: string | null
}
export interface AdminKey {
  id: number; kind: 'ingest' | 'screen'; name: string; label: string | null; regionCode: string; prefix: string
  createdAt: string; lastUsedAt: string | null; lastUsedAddress: string | null; revokedAt: string | null
}
export interface AuditEntry {
  id: number; at: string; actor: string; address: string | null; action: string; target: string | null; regionCode: string | null
  before: Record<string, unknown> | null; after: Record<string, unknown> | null
}
/** A secret shown once: a new person's one-time password, or a new key (and a wall's link). */
export interface ShownOnce { title: string; secret: string; link?: string }

type Result<T> = { ok: true; value: T } | { ok: false; error: FormError }
async function call<T>(method: string, url: string, body?: unknown): Promise<Result<T>> {
  const res = await apiFetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => null)
  if (!res) return { ok: false, error: { field: '(network)', reason: '服务器无法连接' } }
  if (!res.ok) return { ok: false, error: await problem(res) }
  return { ok: true, value: (await res.json()) as T }
}

/** /admin: the region's people, keys and audit log, and what the last action showed once. */
export const useAdminStore = defineStore('admin', () => {
  const users = ref<AdminUser[]>([])
  const keys = ref<AdminKey[]>([])
  const audit = ref<AuditEntry[]>([])
  const shown = ref<ShownOnce | null>(null)
  const error = ref<FormError | null>(null)

  const done = <T>(r: Result<T>): T | null => {
    error.value = r.ok ? null : r.error
    return r.ok ? r.value : null
  }
  async function loadUsers(q = '') {
    users.value = done(await call<AdminUser[]>('GET', `/api/v1/admin/users${q ? `?q=${encodeURIComponent(q)}` : ''}`)) ?? users.value
  }
  async function loadKeys() {
    keys.value = done(await call<AdminKey[]>('GET', '/api/v1/admin/keys')) ?? keys.value
  }
  async function loadAudit(action = '') {
    audit.value = done(await call<AuditEntry[]>('GET', `/api/v1/admin/audit?limit=500${action ? `&action=${encodeURIComponent(action)}` : ''}`)) ?? audit.value
  }
  async function createUser(input: { username: string; displayName: string; role: string; regionCode: string }) {
    const v = done(await call<{ user: AdminUser; password: string }>('POST', '/api/v1/admin/users', input))
    if (v) {
      shown.value = { title: `${v.user.displayName}（${v.user.username}）的一次性密码`, secret: v.password }
      await loadUsers()
    }
    return !!v
  }
  async function updateUser(id: number, patch: Partial<Pick<AdminUser, 'displayName' | 'role' | 'regionCode'>>) {
    if (done(await call('PATCH', `/api/v1/admin/users/${id}`, patch))) await loadUsers()
  }
  async function userAction(id: number, action: 'disable' | 'enable') {
    if (done(await call('POST', `/api/v1/admin/users/${id}/${action}`))) await loadUsers()
  }
  async function resetPassword(u: AdminUser) {
    const v = done(await call<{ password: string }>('POST', `/api/v1/admin/users/${u.id}/reset-password`))
    if (v) {
      shown.value = { title: `${u.displayName}（${u.username}）的新一次性密码`, secret: v.password }
      await loadUsers()
    }
  }
  async function createKey(input: { kind: 'ingest' | 'screen'; name: string; label?: string; regionCode: string }) {
    const v = done(await call<{ key: AdminKey; secret: string; link?: string }>('POST', '/api/v1/admin/keys', input))
    if (v) {
      shown.value = { title: v.key.kind === 'screen' ? `大屏令牌：${v.key.label ?? v.key.name}` : `接入密钥：${v.key.name}`, secret: v.secret, link: v.link ? `${location.origin}${v.link}` : undefined }
      await loadKeys()
    }
    return !!v
  }
  async function revokeKey(id: number) {
    if (done(await call('POST', `/api/v1/admin/keys/${id}/revoke`))) await loadKeys()
  }
  const units = ref<UnitView[]>([])
  async function loadUnits() {
    units.value = done(await call<UnitView[]>('GET', '/api/v1/admin/units')) ?? units.value
  }
  async function createUnit(input: { name: string; regionCode: string; parentId: number | null; contactName: string; contactPhone: string }) {
    const v = done(await call<UnitView>('POST', '/api/v1/admin/units', input))
    if (v) await loadUnits()
    return !!v
  }
  async function updateUnit(id: number, patch: Partial<{ name: string; parentId: number | null; contactName: string; contactPhone: string }>) {
    const v = done(await call<UnitView>('PATCH', `/api/v1/admin/units/${id}`, patch))
    if (v) await loadUnits()
    return !!v
  }
  async function unitAction(id: number, action: 'disable' | 'enable') {
    if (done(await call('POST', `/api/v1/admin/units/${id}/${action}`))) await loadUnits()
  }
  /** A units CSV checked (dryRun) or imported: the answer lists every problem; with any, nothing is stored. */
  return { users, keys, audit, units, shown, error, loadUsers, loadKeys, loadAudit, createUser, updateUser, userAction, resetPassword, createKey, revokeKey, loadUnits, createUnit, updateUnit, unitAction }
})
