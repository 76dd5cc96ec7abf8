/**
 * Two nodes on one database: exactly one runs the clock-driven work (the warning engine), and
 * when it is killed the other takes over within seconds and catches up.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { api, COMMUNITY, newCase } from '../../helpers/app'
import { sharedDb, startNodes } from '../../helpers/cluster'
import { until } from '../../helpers/events'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})
const LEADS = /leader: this node runs the clock-driven work/

describe('one leader among the nodes', () => {
  it('kill -9 of the leader: the other node takes the engine over within 5 s, and a deadline that passed meanwhile turns red', { timeout: 120_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    // Two nodes on one database.
    const nodes = await startNodes(shared.db.url, 2, cleanups)
    // Exactly one leads.
    expect(nodes.filter((n) => LEADS.test(n.output()))).toHaveLength(1)
    const leader = nodes.find((n) => LEADS.test(n.output()))!
    const other = nodes.find((n) => n !== leader)!
    const auth = { authorization: `Bearer ${shared.ingest}` }

    // A case whose deadline passes 3 s from now, reported through the node that does not lead.
    const now = Date.now()
    const c = await api(other.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, reportedAt: new Date(now - 60_000).toISOString(), acceptedAt: new Date(now - 30_000).toISOString(), deadlineAt: new Date(now + 3_000).toISOString() }), undefined, auth)
    expect(c.status).toBe(201)
    expect(c.body.colour).not.toBe('red')
    await leader.kill('SIGKILL')
    const killedAt = Date.now()

    await until(() => LEADS.test(other.output()), 10_000)
    const tookOver = Date.now() - killedAt
    expect(tookOver).toBeLessThan(5_000)
    // The deadline passed while nobody led: the new leader catches up and the case is red.
    let colour = ''
    const end = Date.now() + 10_000
    while (Date.now() < end && colour !== 'red') {
      colour = (await api(other.url, 'GET', `/api/v1/cases/${c.body.id}`, undefined, undefined, auth)).body.colour
      if (colour !== 'red') await new Promise((r) => setTimeout(r, 200))
    }
    expect(colour).toBe('red')
    expect(Date.now() - (now + 3_000)).toBeLessThan(8_000)
  })
})
