import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import { DEMO_USERS, ensureDemoUsers, simulatorKeys } from '../../../server/auth/bootstrap'
import { Simulator } from '../../../server/simulator'
import { ensureDemoUnits, seedDemo } from '../../../db/seed'
import { freshDb } from '../../helpers/db'
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
    for (let i = 0; i < 120; i++) await sim.step()
    expect(sim.errors).toBe(0)
    const [row] = await queryRows<{ cases: number; sources: number; named: number; linked: number }>(
      t.app.ctx.db,
      sql`select count(*)::int cases, count(distinct source)::int sources, count(assigned_unit)::int named, count(assigned_unit_id)::int linked from cases where external_id like 'SIM-%'`,
    )
    expect(row!.cases).toBeGreaterThanOrEqual(5)
    expect(row!.sources).toBeGreaterThan(1)
    // It dispatches to units of the directory, by name: every dispatched case references its unit.
    expect(row!.named).toBeGreaterThan(0)
    expect(row!.linked).toBe(row!.named)
    // People at the window (来访登记), each about a case: new ones opened at the visit, or open ones again.
    const [v] = await queryRows<{ visits: number; matters: number }>(t.app.ctx.db, sql`select count(*)::int visits, count(distinct case_id)::int matters from visits where purpose like '%反映%'`)
    expect(v!.visits).toBeGreaterThan(0)
    expect(v!.matters).toBeGreaterThan(0)

    await keys.revoke(new Date())
    for (const secret of Object.values(keys.secrets)) expect(await accounts.keyFor(secret)).toBeNull()
    await expect(sim.step()).rejects.toThrow(/401/)
  })

  it('a demo database from before the units directory gets it on start, once', async () => {
    const fresh = await freshDb()
    const units = async () => (await queryRows<{ n: number }>(fresh.db, sql`select count(*)::int n from units`))[0]!.n
    try {
      await seedDemo(fresh.db, new Date(), 825, { history: false })
      const seeded = await units()
      expect(seeded).toBeGreaterThan(100)
      // As a database made before the directory was: places, no units.
      await fresh.db.execute(sql`delete from units`)
      expect(await ensureDemoUnits(fresh.db)).toBe(true)
      expect(await units()).toBe(seeded)
      expect(await ensureDemoUnits(fresh.db)).toBe(false)
      expect(await units()).toBe(seeded)
    } finally {
      await fresh.close()
    }
  })
})
