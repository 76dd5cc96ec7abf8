/**
 * A server error (here: the database refuses a write for a reason of its own) is answered 500
 * with an id, and logged with that id and the route, never with the query or its parameters
 * (citizens' text).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
  // A fault inside the database that no input check can foresee.
  await t.app.ctx.db.execute(sql.raw(`
    create function refuse_case() returns trigger language plpgsql as $$ begin raise exception 'refused by a trigger'; end $$;
    create trigger refuse_case before insert on cases for each row when (new.title like '%故障%') execute function refuse_case();`))
})
afterAll(async () => {
  await t.close()
})

describe('server errors', () => {
  it('answers 500 with an id, and logs the id and the route, not the citizen\'s text', async () => {
    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')))
    try {
      const title = '王某某家中故障纠纷，电话13800000000'
      const r = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, title, description: '住址：某小区3号楼' }))
      expect(r.status).toBe(500)
      expect(r.body).toMatchObject({ error: 'internal', id: expect.stringMatching(/^[0-9a-f]{8}$/) })
      const line = logged.find((l) => l.includes(r.body.id))
      expect(line).toBeDefined()
      expect(line).toContain('POST /api/v1/cases')
      for (const l of logged) {
        expect(l).not.toContain('13800000000')
        expect(l).not.toContain('某小区')
        expect(l).not.toMatch(/insert into/i)
      }
    } finally {
      spy.mockRestore()
    }
    // Other reports go on being stored.
    expect((await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))).status).toBe(201)
  })
})
