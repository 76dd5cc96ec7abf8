/**
 * A ledger import on a stream: consecutive entries merge into one event that carries only the
 * cases a screen shows (its feed, its red flags), and says how many it left out; anything else
 * between them keeps them apart, so a follower's order check still holds.
 */
import { describe, expect, it } from 'vitest'
import { RED_FLAG_LIMIT, type CaseSummary, type StreamBatch } from '../../../server/contract'
import { appendCompact, compactEvents, forScreens, IMPORT_FEED_CASES } from '../../../server/realtime/entryEvents'

let id = 0
/** A case summary with what the cut looks at; the rest as any case has it. */
const summary = (o: Partial<CaseSummary>): CaseSummary =>
  ({
    id: ++id, externalId: `TZ-${id}`, source: 'ledger', kind: 'dispute', category: '邻里纠纷', regionCode: '140825100001', communityCode: '140825100001', townCode: '140825100000',
    title: `第${id}件`, peopleInvolved: 1, scale: 'small', riskLevel: 'low', status: 'accepted', open: true, reportedAt: '2024-01-01T09:00:00+08:00', acceptedAt: null, deadlineAt: null,
    resolvedAt: null, outcome: null, closingLevel: null, assignedUnit: null, assignedUnitId: null, supervisionLevel: 0, complexity: 'simple', version: 1, colour: 'green', reasons: [],
    colourSince: '2024-01-01T09:00:00+08:00', acknowledgedAt: null, acknowledgedBy: null, unacknowledged: false, late: true, ...o,
  }) as CaseSummary
const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().replace('Z', '+00:00')
const importEntry = (seq: number, prev: number, cases: CaseSummary[]) => compactEvents([{ event: 'cases:imported', payload: { import: 7, count: cases.length, ...forScreens(cases) } }], seq, prev)

describe('an import’s events on a stream', () => {
  it('keep of a batch only the recent cases for the feed and the newest red ones, and count the rest', () => {
    const old = Array.from({ length: 500 }, (_, i) => summary({ colour: 'green', reportedAt: at(i) }))
    const recent = Array.from({ length: 40 }, (_, i) => summary({ late: false, reportedAt: at(1000 + i) }))
    const red = Array.from({ length: 300 }, (_, i) => summary({ colour: 'red', colourSince: at(i) }))
    const closedRed = summary({ colour: 'red', open: false, colourSince: at(5000) })
    const { cases, omitted } = forScreens([...old, ...recent, ...red, closedRed])
    // The feed's newest, as many as it holds.
    const feed = cases.filter((c) => !c.late)
    expect(feed).toHaveLength(IMPORT_FEED_CASES)
    expect(Math.min(...feed.map((c) => Date.parse(c.reportedAt)))).toBe(Date.parse(at(1000 + 40 - IMPORT_FEED_CASES)))
    // The red flags' newest (a closed case is no red flag).
    const reds = cases.filter((c) => c.colour === 'red')
    expect(reds).toHaveLength(RED_FLAG_LIMIT)
    expect(reds.every((c) => c.open && Date.parse(c.colourSince) >= Date.parse(at(300 - RED_FLAG_LIMIT)))).toBe(true)
    expect(omitted).toBe(500 + 40 + 300 + 1 - IMPORT_FEED_CASES - RED_FLAG_LIMIT)
  })

  it('merge when they follow each other on the stream: the later seq, the earlier prev, the counts summed', () => {
    const out: StreamBatch['events'] = []
    const a = Array.from({ length: 150 }, (_, i) => summary({ colour: 'red', colourSince: at(i) }))
    const b = Array.from({ length: 150 }, (_, i) => summary({ colour: 'red', colourSince: at(200 + i) }))
    appendCompact(out, importEntry(11, 10, a))
    appendCompact(out, importEntry(12, 11, b))
    expect(out).toHaveLength(1)
    const d = out[0]!.data as { seq: number; prev: number; part: number; count: number; cases: CaseSummary[]; omitted: number }
    expect([d.seq, d.prev, d.part, d.count]).toEqual([12, 10, 0, 300])
    expect(d.cases).toHaveLength(RED_FLAG_LIMIT)
    expect(d.omitted).toBe(300 - RED_FLAG_LIMIT)
    // The newest 200 of both: all of the later batch, the newest 50 of the earlier.
    expect(d.cases.filter((c) => b.includes(c))).toHaveLength(150)
  })

  it('stay apart when another event comes between them, or a seq is missing', () => {
    const out: StreamBatch['events'] = []
    appendCompact(out, importEntry(11, 10, [summary({})]))
    appendCompact(out, compactEvents([{ event: 'activity:recorded', payload: { activity: {} } }], 12, 11))
    appendCompact(out, importEntry(13, 12, [summary({})]))
    appendCompact(out, importEntry(15, 14, [summary({})]))
    expect(out.map((e) => [e.event, e.data.seq, e.data.prev])).toEqual([
      ['cases:imported', 11, 10],
      ['activity:recorded', 12, 11],
      ['cases:imported', 13, 12],
      ['cases:imported', 15, 14],
    ])
  })
})
