import { seedDemo } from '../../db/seed'
import { createApp, type App } from '../../server/app'
import type { Clock } from '../../server/domain/clock'
import { freshDb } from './db'

export interface TestApp {
  app: App
  url: string
  port: number
  close(): Promise<void>
}

/** The real app on port 0 over a fresh database holding the demo county (history optional). */
export async function startTestApp(opts: { clock?: Clock; history?: boolean; now?: Date; db?: Awaited<ReturnType<typeof freshDb>>; keepDb?: boolean; rulesPollMs?: number } = {}): Promise<TestApp> {
  const handle = opts.db ?? (await freshDb())
  await seedDemo(handle.db, opts.now ?? opts.clock?.now() ?? new Date(), 825, { history: opts.history ?? false })
  const app = await createApp({ db: handle.db, clock: opts.clock, coalesceMs: 20, rulesPollMs: opts.rulesPollMs ?? 0 })
  const port = await app.listen(0, '127.0.0.1')
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close()
      if (!opts.keepDb) await handle.close()
    },
  }
}

export async function api<T = any>(base: string, method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : undefined,
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
    reportedAt: '2026-11-24T09:00:00+08:00',
    acceptedAt: '2026-11-24T09:05:00+08:00',
    ...over,
  }
}
