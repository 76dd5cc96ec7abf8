import { count } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { users } from '../../db/schema'
import type { AccountStore } from '../store/accounts'

/** The demo's accounts, documented in the README; only created with the demo data. */
export const DEMO_USERS = [
  { username: 'duty', displayName: '县中心值班员', role: 'duty', regionCode: '140825000000', password: 'duty-demo-2026' },
  { username: 'leader', displayName: '县领导', role: 'leader', regionCode: '140825000000', password: 'leader-demo-2026' },
  { username: 'longxing', displayName: '龙兴镇值班员', role: 'duty', regionCode: '140825100000', password: 'longxing-demo-2026' },
] as const

/**
 * On a database without users: an `admin` for the county with a one-time password, returned so
 * the start can print it once; it must be changed at first login. Null when users exist.
 */
export async function ensureFirstAdmin(db: Db, accounts: AccountStore, countyCode: string): Promise<string | null> {
  const [row] = await db.select({ n: count() }).from(users)
  if (row!.n > 0) return null
  const { password } = await accounts.createUser({ username: 'admin', displayName: '系统管理员', role: 'admin', regionCode: countyCode })
  return password
}

export async function ensureDemoUsers(accounts: AccountStore) {
  for (const u of DEMO_USERS) {
    if (await accounts.userByName(u.username)) continue
    await accounts.createUser({ ...u, role: u.role })
  }
}

/** The demo wall's kiosk token, documented in the README: `/screen?token=…` opens the wall. */
export const DEMO_SCREEN_TOKEN = 'gss_demo-wall-xinjiang-2026'

export async function ensureDemoScreen(accounts: AccountStore, countyCode: string) {
  if (await accounts.keyFor(DEMO_SCREEN_TOKEN)) return
  await accounts.createKey({ kind: 'screen', name: '演示大屏', regionCode: countyCode }, DEMO_SCREEN_TOKEN)
}

/**
 * One ingest key per simulated source for this run. The secrets live only in this process; the
 * keys are revoked when the simulator stops (a crash leaves keys whose secret nobody holds).
 */
export async function simulatorKeys(accounts: AccountStore, countyCode: string, sources: readonly string[]) {
  const made = await Promise.all(sources.map((name) => accounts.createKey({ kind: 'ingest', name, regionCode: countyCode })))
  return {
    secrets: Object.fromEntries(made.map((m) => [m.key.name, m.secret])),
    revoke: (at: Date) => Promise.all(made.map((m) => accounts.revokeKey(m.key.id, at))),
  }
}
