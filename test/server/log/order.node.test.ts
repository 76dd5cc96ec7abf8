import { afterAll, describe, expect, it } from 'vitest'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY } from '../../helpers/app'
import { entriesSeen, rawScreen, sharedDb, startNodes } from '../../helpers/cluster'
import { until } from '../../helpers/events'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe('one ordered change log', () => {
  it('8 writers through two server processes for 10 s: every screen sees exactly the log, in commit order', { timeout: 120_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    // Two nodes on one database.
    const nodes = await startNodes(shared.db.url, 2, cleanups)
    const screens = await Promise.all([0, 1, 0, 1].map((n) => rawScreen(nodes[n]!.url, shared.screen)))
    cleanups.push(() => screens.forEach((s) => s.socket.disconnect()))

    const auth = { authorization: `Bearer ${shared.ingest}` }
    const acknowledged: number[] = []
    const end = Date.now() + 10_000
    const writer = async (w: number) => {
      const node = nodes[w % 2]!
      for (let i = 0; Date.now() < end; i++) {
        const r = await api(node.url, 'POST', '/api/v1/cases', newCase({ externalId: `W${w}-${i}`, regionCode: i % 2 ? COMMUNITY : OTHER_TOWN_COMMUNITY }), undefined, auth)
        expect(r.status).toBe(201)
        acknowledged.push(r.body.id)
        // Every third case is dispatched through the other node: two processes write the same rows.
        if (i % 3 === 0) {
          const t = await api(nodes[(w + 1) % 2]!.url, 'POST', `/api/v1/cases/${r.body.id}/transitions`, { action: 'dispatch', unit: '新绛县司法局', actor: 'hotline' }, undefined, auth)
          expect(t.status).toBe(200)
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)))

    const log = await shared.logIds()
    expect(acknowledged.length).toBeGreaterThan(100)
    for (const s of screens) {
      await until(() => s.events.some((e) => e.seq === log[log.length - 1]), 20_000)
      // No gap, no duplicate, and the order is the log's: the ids after the screen's snapshot.
      expect(entriesSeen(s.start, s.events)).toEqual(log.filter((id) => id > s.start))
    }
  })
})
