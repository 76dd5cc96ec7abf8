/**
 * Socket.IO events (`domain:verb`). Stream events come from the change log: `seq` is the log
 * entry's id (commit order), `prev` the id of the previous entry on the same stream, `part` the
 * event's place among the events one entry makes on the stream (a case turning red makes
 * case:updated, warning:changed and redflag:raised). A follower applies an event when
 * `prev` is where it stands (part 0) or it is the next part of the entry it is in; anything
 * else is a gap, and it resumes from where it stands.
 */
import type { ActivitySummary, CaseSummary, LiveAggregates, Snapshot, VisitSummary, WishSummary } from './views'
import type { Colour, NoticeView, RegionColour, WarningReason } from './warnings'
import type { TrendFlagView } from './warnings'

export interface StreamEnvelope {
  region: string
  epoch: string
  seq: number
  prev: number
  part: number
}

/** State pushes (aggregates, region colours) are not numbered: each carries the whole value. */
export interface StateEnvelope {
  region: string
  epoch: string
}

export interface ServerToClientEvents {
  'case:created': (e: StreamEnvelope & { case: CaseSummary }) => void
  'case:updated': (e: StreamEnvelope & { case: CaseSummary }) => void
  'activity:recorded': (e: StreamEnvelope & { activity: ActivitySummary }) => void
  'wish:updated': (e: StreamEnvelope & { wish: WishSummary }) => void
  /**
   * A batch of a ledger import (台账导入) in one community: `count` cases, of which `cases` are the
   * ones a screen holds (still open, or recent enough for the feed). History, not news: a red one
   * joins the red flags without an alarm. The counts come with the next indicators push.
   */
  /** A visit registered at the window (来访登记): counts only, never who came or why. */
  'visit:recorded': (e: StreamEnvelope & { visit: VisitSummary }) => void
  /**
   * Cases came in from a ledger (台账导入): `count` of them, one or more entries of the stream
   * merged (`prev` of the first, `seq` of the last). `cases` are those a screen shows from it
   * (recent ones for the feed, the newest red ones still open); `omitted` were left out.
   */
  'cases:imported': (e: StreamEnvelope & { import: number; count: number; cases: CaseSummary[]; omitted: number }) => void
  /** A case changed colour (by time or by a write); `at` is when the rule fired. */
  'warning:changed': (e: StreamEnvelope & { caseId: number; from: Colour | null; to: Colour; reasons: WarningReason[]; at: string; case: CaseSummary }) => void
  /** A case turned red: the duty desk must act. */
  'redflag:raised': (e: StreamEnvelope & { case: CaseSummary; at: string }) => void
  'supervision:issued': (e: StreamEnvelope & { notice: NoticeView }) => void
  'supervision:escalated': (e: StreamEnvelope & { notice: NoticeView; from: number }) => void
  'supervision:answered': (e: StreamEnvelope & { notice: NoticeView }) => void
  /** 趋势预警: a place's flag raised, its figures moved, or cleared (`clearedAt` set). */
  'trend:changed': (e: StreamEnvelope & { flag: TrendFlagView }) => void
  /**
   * A stream's events of one short tick (≤ 50 ms), in order, as one frame. Each event is a
   * log entry's part as in a compact Replay (see `unbatch`). At most every 250 ms the frame also
   * carries the stream's state that changed (`colours`, `indicators`), after its events.
   */
  'stream:batch': (e: StreamBatch) => void
  /**
   * Whether the server reaches its database: sent on connect and on every change; and the id of
   * the client build it serves (`build`, '' when none), so a wall left running across an upgrade
   * reloads itself. While it is
   * 'down' nothing new can be recorded, so a screen says its data stopped at `since`.
   */
  'server:status': (e: { database: 'up' | 'down'; since: string; build: string }) => void
}

export type StreamEventName = 'case:created' | 'case:updated' | 'activity:recorded' | 'wish:updated' | 'cases:imported' | 'visit:recorded' | 'warning:changed' | 'redflag:raised' | 'supervision:issued' | 'supervision:escalated' | 'supervision:answered' | 'trend:changed'

/** What a follower missed, in order, then the region's current state. */
export interface Replay {
  region: string
  epoch: string
  /** Where the follower stands after the replay. */
  seq: number
  /**
   * In order. Compact (asked for with `resume.compact`): an event's `region` and `epoch` are the
   * replay's, left out; a later part of an entry leaves out `case` when it is part 0's case.
   */
  events: { event: StreamEventName; data: Omit<StreamEnvelope, 'region' | 'epoch'> & Partial<StreamEnvelope> & Record<string, unknown> }[]
  aggregates: LiveAggregates
  /** The number of the stream's aggregates push these are (see IndicatorsPush). */
  aggregatesVersion: number
  /**
   * The region's colours; in a compact replay only those of the towns (see coloursDigests) whose
   * colours differ from what the follower holds: it replaces its own by code.
   */
  colours: RegionColour[]
}

/** Events of a stream in the compact form: without the stream's region and epoch, later parts without part 0's case. */
export interface StreamBatch {
  region: string
  epoch: string
  events: { event: StreamEventName; data: Omit<StreamEnvelope, 'region' | 'epoch'> & Partial<StreamEnvelope> & Record<string, unknown> }[]
  /** Colours, or the counts behind them, that changed since the stream's last state push (the region and two levels below). */
  colours?: RegionColour[]
  /** The stream's aggregates changed since its last push: see IndicatorsPush. */
  indicators?: IndicatorsPush
}

/**
 * Only the parts of the aggregates that changed (`aggregates`, each part whole) since push
 * `base`: a follower holding exactly `base` applies them and then holds `version`; any other
 * resubscribes. `base` null: the whole value. `head`: the last entry on the stream, so a
 * follower that missed the stream's last event notices.
 */
export interface IndicatorsPush {
  version: number
  base: number | null
  aggregates: Partial<LiveAggregates>
  head: number
}

/**
 * The events of a batch or a compact replay as they would be one by one: each with the stream's
 * region and epoch, and `warning:changed` / `redflag:raised` with their entry's case again.
 */
export function unbatch(b: StreamBatch): { event: StreamEventName; data: StreamEnvelope & Record<string, unknown> }[] {
  let entryCase: unknown
  return b.events.map(({ event, data }) => {
    if (data.part === 0) entryCase = data.case
    const again = (event === 'warning:changed' || event === 'redflag:raised') && !('case' in data)
    return { event, data: { region: b.region, epoch: b.epoch, ...data, ...(again ? { case: entryCase } : {}) } }
  })
}

export type SubscribeAck = { ok: true; snapshot: Snapshot } | { ok: true; replay: Replay } | { ok: false; error: string }

export interface SubscribeRequest {
  region: string
  /** Where the follower stopped: it is replayed what it missed, or sent a snapshot when that is too old. */
  resume?: {
    epoch: string
    seq: number
    /** The replay in its compact form (see Replay). */
    compact?: boolean
    /** `coloursDigests` of the colours the follower holds: towns whose colours are equal are not sent again. */
    colours?: Record<string, string>
  }
}

/**
 * Digests of a stream's colours, one per town (a town with its communities; the region's own
 * colour apart): FNV-1a of their JSON as sent. A follower that resumes sends them; the replay
 * carries only the towns whose colours differ. The same code runs in the screen and the server.
 */
export function coloursDigests(colours: RegionColour[]): Record<string, string> {
  const groups = new Map<string, string[]>()
  for (const c of colours) {
    const key = coloursGroup(c.code)
    const g = groups.get(key)
    if (g) g.push(JSON.stringify(c))
    else groups.set(key, [JSON.stringify(c)])
  }
  return Object.fromEntries([...groups].map(([key, texts]) => [key, fnv1a(texts.join(','))]))
}

export const coloursGroup = (code: string) => code.slice(0, 9)

function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(36)
}
export interface ClientToServerEvents {
  'screen:subscribe': (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void
}
