import { seedDemo, type DemoScope } from '../../db/seed'
import { createApp, type App, type AppLimits } from '../../server/app'
import type { Clock } from '../../server/domain/clock'
import { isoLocal } from '../../server/domain/time'
import { freshDb } from './db'

export interface TestApp {
  app: App
  url: string
  /** The test database's URL (for scripts and second processes). */
  dbUrl: string
  port: number
  close(): Promise<void>
}

/** The real app on port 0 over a fresh database holding the demo county (history optional). */
export async function startTestApp(opts: { clock?: Clock; history?: boolean | string[]; scope?: DemoScope; now?: Date; db?: Awaited<ReturnType<typeof freshDb>>; keepDb?: boolean; rulesPollMs?: number; limits?: Partial<AppLimits>; heartbeat?: { intervalMs: number; timeoutMs: number } } = {}): Promise<TestApp> {
  const handle = opts.db ?? (await freshDb())
  testClock = opts.clock ?? null
  await seedDemo(handle.db, opts.now ?? opts.clock?.now() ?? new Date(), 825, { history: opts.history ?? false, scope: opts.scope })
  const app = await createApp({ db: handle, clock: opts.clock, coalesceMs: 20, rulesPollMs: opts.rulesPollMs ?? 0, limits: { socketsPerAddress: 40, ...opts.limits }, heartbeat: opts.heartbeat })
  const port = await app.listen(0, '127.0.0.1')
  const url = `http://127.0.0.1:${port}`
  // Tests write as a county-wide admin, logged in like a person; `anonymous` calls send nothing.
  if (!(await app.ctx.accounts.userByName(TEST_ADMIN))) {
    await app.ctx.accounts.createUser({ username: TEST_ADMIN, displayName: TEST_ADMIN_NAME, role: 'admin', regionCode: app.ctx.rootCode, password: TEST_PASSWORD })
  }
  credentials.set(url, await loginHeaders(url, TEST_ADMIN, TEST_PASSWORD))
  // A county-wide kiosk token, as a wall or a test's socket carries it.
  screenTokens.set(url, (await app.ctx.accounts.createKey({ kind: 'screen', name: '测试大屏', regionCode: app.ctx.rootCode })).secret)
  return {
    app,
    port,
    url,
    dbUrl: handle.url,
    close: async () => {
      await app.close()
      if (!opts.keepDb) await handle.close()
    },
  }
}

const TEST_ADMIN = 'test-admin'
/** What the ledger records as the actor of the test admin's actions. */
export const TEST_ADMIN_NAME = '测试管理员'
const TEST_PASSWORD = 'test-admin-password'
const credentials = new Map<string, Record<string, string>>()
const screenTokens = new Map<string, string>()

/** The test app's county screen token: what `/screen?token=` and a socket's `auth.token` carry. */
export function screenToken(base: string): string {
  const token = screenTokens.get(base)
  if (!token) throw new Error(`no test app at ${base}`)
  return token
}

/** Logs in and returns the headers a browser would send: the session cookie and the CSRF token. */
export async function loginHeaders(base: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (res.status !== 201) throw new Error(`login as ${username} failed: ${res.status}`)
  const body = (await res.json()) as { csrfToken: string }
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': body.csrfToken }
}

/** Calls the API as the test admin (or with `as`: other headers, `{}` for nobody). */
export async function api<T = any>(base: string, method: string, path: string, body?: unknown, raw?: string, as?: Record<string, string>): Promise<{ status: number; body: T }> {
  const first = await call<T>(base, method, path, body, raw, as)
  // A test clock moved past the session's lifetime: log in again, as a person would.
  if (first.status !== 401 || as || !credentials.has(base)) return first
  credentials.set(base, await loginHeaders(base, TEST_ADMIN, TEST_PASSWORD))
  return call<T>(base, method, path, body, raw)
}

async function call<T>(base: string, method: string, path: string, body?: unknown, raw?: string, as?: Record<string, string>): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(as ?? credentials.get(base) ?? {}), ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T }
}

export const COMMUNITY = '140825400012' // 龙湖社区
export const GRID = '140825400012001' // 丽华苑小区
export const OTHER_TOWN_COMMUNITY = '140825100200' // 孝义坊村 (龙兴镇)

let n = 0
/** The clock of the app the test started last (null: the real one): newCase's default times follow it. */
let testClock: Clock | null = null
/** newCase's usual report time; many tests count from it (deadlines, warning windows). */
const USUAL_REPORT = Date.parse('2026-11-24T09:00:00+08:00')

/**
 * A report's default times: the usual ones (24 Nov 09:00, accepted 09:05) while the test's clock
 * is within six days of them; else two hours before the clock's now, so a case made on a later
 * day is still news (a report older than 7 days is a late record, kept out of the feed).
 */
function defaultTimes() {
  const now = (testClock?.now() ?? new Date()).getTime()
  const reported = now - USUAL_REPORT < 6 * 86_400_000 ? USUAL_REPORT : now - 2 * 3_600_000
  return { reportedAt: isoLocal(reported), acceptedAt: isoLocal(reported + 5 * 60_000) }
}

export function newCase(over: Record<string, unknown> = {}) {
  return {
    externalId: `T-${Date.now()}-${++n}`,
    source: 'hotline',
    kind: 'dispute',
    category: 'neighbour',
    regionCode: GRID,
    title: '楼上漏水影响楼下住户',
    description: '住户反映楼上卫生间漏水。',
    peopleInvolved: 2,
    scale: 'individual',
    riskLevel: 'low',
    ...defaultTimes(),
    ...over,
  }
}
