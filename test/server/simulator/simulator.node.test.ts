import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { DEMO_USERS, ensureDemoUsers, simulatorKeys } from '../../../server/auth/bootstrap'
import { Simulator } from '../../../server/simulator'
import { startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
  await ensureDemoUsers(t.app.ctx.accounts, t.app.ctx.registry)
})
afterAll(async () => {
  await t.close()
})

describe('the demo simulator', () => {
  it('feeds the county through the public API with one ingest key per source, and its keys die with it', async () => {
    const { accounts, rootCode } = t.app.ctx
    const keys = await simulatorKeys(accounts, rootCode, Simulator.SOURCES)
    const sim = new Simulator({ baseUrl: t.url, rate: 1, seed: 3, keys: keys.secrets, account: DEMO_USERS[0] })
    for (let i = 0; i < 60; i++) await sim.step()
    expect(sim.errors).toBe(0)
    const [row] = await queryRows<{ cases: number; sources: number }>(
      t.app.ctx.db,
      sql`select (select count(*)::int from cases where external_id like 'SIM-%') cases, (select count(distinct source)::int from cases where external_id like 'SIM-%') sources`,
    )
    expect(row!.cases).toBeGreaterThanOrEqual(5)
    expect(row!.sources).toBeGreaterThan(1)

    await keys.revoke(new Date())
    for (const secret of Object.values(keys.secrets)) expect(await accounts.keyFor(secret)).toBeNull()
    await expect(sim.step()).rejects.toThrow(/401/)
  })
})
