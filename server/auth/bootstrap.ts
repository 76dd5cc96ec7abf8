import { count } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { users } from '../../db/schema'
import type { AccountStore } from '../store/accounts'
import type { Registry } from '../store/registry'
import regionData from '../../db/seed/regions.json' with { type: 'json' }

interface DemoUser { username: string; displayName: string; role: 'duty' | 'leader'; regionCode: string; password: string }

/**
 * The demo's accounts (db/seed/regions.json), documented in the README; only created with the
 * demo data, and only those whose region the loaded demo has (the city's with `--demo city`).
 */
export const DEMO_USERS = regionData.accounts as unknown as readonly [DemoUser, ...DemoUser[]]

/**
 * On a database without users: an `admin` for the whole tree with a one-time password, returned so
 * the start can print it once; it must be changed at first login. Null when users exist.
 */
export async function ensureFirstAdmin(db: Db, accounts: AccountStore, rootCode: string): Promise<string | null> {
  const [row] = await db.select({ n: count() }).from(users)
  if (row!.n > 0) return null
  const { password } = await accounts.createUser({ username: 'admin', displayName: '系统管理员', role: 'admin', regionCode: rootCode })
  return password
}

export async function ensureDemoUsers(accounts: AccountStore, registry: Registry) {
  for (const u of DEMO_USERS) {
    if (!registry.region(u.regionCode) || (await accounts.userByName(u.username))) continue
    await accounts.createUser({ ...u, role: u.role })
  }
}

/** The demo wall's kiosk token, documented in the README: `/screen?token=…` opens the wall. */
export const DEMO_SCREEN_TOKEN = 'gss_demo-wall-xinjiang-2026'

export async function ensureDemoScreen(accounts: AccountStore, rootCode: string) {
  if (await accounts.keyFor(DEMO_SCREEN_TOKEN)) return
  await accounts.createKey({ kind: 'screen', name: '演示大屏', regionCode: rootCode }, DEMO_SCREEN_TOKEN)
}

/**
 * One ingest key per simulated source for this run. The secrets live only in this process; the
 * keys are revoked when the simulator stops (a crash leaves keys whose secret nobody holds).
 */
export async function simulatorKeys(accounts: AccountStore, rootCode: string, sources: readonly string[]) {
  const made = await Promise.all(sources.map((name) => accounts.createKey({ kind: 'ingest', name, regionCode: rootCode })))
  return {
    secrets: Object.fromEntries(made.map((m) => [m.key.name, m.secret])),
    revoke: (at: Date) => Promise.all(made.map((m) => accounts.revokeKey(m.key.id, at))),
  }
}
