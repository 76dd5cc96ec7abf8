import type { Socket } from 'socket.io-client'
import type { CaseSummary, ClientToServerEvents, Colour, LiveAggregates, Replay, RegionColour, ServerToClientEvents, Snapshot, StateEnvelope, StreamBatch, IndicatorsPush, StreamEnvelope, TrendFlagView } from '../../server/contract'
import { coloursDigests, unbatch } from '../../server/contract/events'
import { RED_FLAG_LIMIT } from '../../server/contract/views'

export type StreamSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export const FEED_MAX = 30

export interface FollowerState {
  region: Snapshot['region'] | null
  aggregates: LiveAggregates | null
  /** Which push of the stream's aggregates we hold: the next push's changes apply only on top of it. */
  aggregatesVersion: number
  feed: CaseSummary[]
  /** The region's own colour first, then every town's and community's within it. */
  colours: RegionColour[]
  /** Open red cases, the most recently turned red first. */
  redFlags: CaseSummary[]
  syncing: boolean
  /** Why the server refused the subscription (no credentials, outside the region); retried. */
  refused?: string
  /** Snapshots taken after the first (a gap the log could not fill, or a new epoch). */
  resyncs: number
  /** Resumptions by replay from the log (after a reconnect or a gap). */
  replays: number
  seq: number
  epoch: string
  /** Counts every message applied (events, state pushes, snapshots): "data last received". */
  received: number
  /** When a ledger import's cases last came (ms since the epoch; 0: none since the screen opened). */
  importedAt: number
}

export const emptyFollowerState = (): FollowerState => ({ region: null, aggregates: null, aggregatesVersion: 0, feed: [], colours: [], redFlags: [], syncing: false, resyncs: 0, replays: 0, seq: 0, epoch: '', received: 0, importedAt: 0 })

/**
 * Follows one region's stream: a snapshot, then the events after it, applied only in order
 * (see StreamEnvelope). After a reconnect or a gap it says where it stands and is replayed
 * what it missed from the server's change log; only when the log no longer holds that (or the
 * epoch changed) does it take a new snapshot. The state never misses or doubles an event.
 * Plain TypeScript so node tests drive the same code the screen runs. `onChange` receives a
 * new state object on every change.
 */
export function followRegion(
  socket: StreamSocket,
  onChange: (s: FollowerState) => void,
  opts: {
    retryMs?: number
    onRedFlag?: (c: CaseSummary, at: string) => void
    /** Every case the stream brings, in order (created, updated, recoloured, turned red). */
    onCase?: (c: CaseSummary) => void
    /** A fresh snapshot was applied: anything kept beside the stream must be re-read. */
    onSnapshot?: () => void
    /** An import brought cases its event left out (see `cases:imported`): what is kept beside the stream must be re-read. */
    onImportOmitted?: () => void
    /** 趋势预警: a place's flag raised, moved or cleared. */
    onTrend?: (flag: TrendFlagView) => void
  } = {},
) {
  let s: FollowerState = emptyFollowerState()
  let wanted = ''
  let retry: ReturnType<typeof setTimeout> | undefined
  /** The part of entry `s.seq` applied last (Infinity: the whole entry), and where that entry started. */
  let part = Infinity
  let base = 0
  let snapshots = 0
  /** Inside a batch: changes gather, and the screen is told once at its end (one render). */
  let batching = false
  let changed = false
  const set = (patch: Partial<FollowerState>) => {
    s = { ...s, ...patch, received: s.received + 1 }
    if (batching) changed = true
    else onChange(s)
  }
  function inBatch(apply: () => void) {
    batching = true
    changed = false
    try {
      apply()
    } finally {
      batching = false
      if (changed) onChange(s)
    }
  }

  function subscribe(code: string) {
    const resume = code === s.region?.code && s.epoch ? { epoch: s.epoch, seq: base, compact: true, colours: coloursDigests(s.colours) } : undefined
    wanted = code
    clearTimeout(retry)
    set({ syncing: true })
    socket.timeout(10_000).emit('screen:subscribe', { region: code, resume }, (err, res) => {
      if (wanted !== code) return
      if (err || !res.ok) {
        if (res && !res.ok) set({ refused: res.error })
        retry = setTimeout(() => socket.connected && subscribe(code), opts.retryMs ?? 3000)
        return
      }
      if ('replay' in res) return replay(res.replay)
      const snap = res.snapshot
      part = Infinity
      base = snap.seq
      set({
        region: snap.region, epoch: snap.epoch, seq: snap.seq, aggregates: snap.aggregates, aggregatesVersion: snap.aggregatesVersion, feed: snap.feed.slice(0, FEED_MAX),
        colours: snap.colours, redFlags: snap.redFlags.slice(0, RED_FLAG_LIMIT), syncing: false, refused: undefined,
        resyncs: snapshots++ > 0 ? s.resyncs + 1 : s.resyncs,
      })
      opts.onSnapshot?.()
    })
  }

  /**
   * What was missed, through the same handlers as live events, then the current state. The
   * replay is compact (see Replay): each event gets the replay's region and epoch back, and a
   * later part of an entry the case of its part 0.
   */
  function replay(r: Replay) {
    inBatch(() => replayEvents(r))
  }
  function replayEvents(r: Replay) {
    set({ syncing: false, refused: undefined, replays: s.replays + 1 })
    for (const { event, data } of unbatch(r)) (handlers as unknown as Record<string, (e: unknown) => void>)[event]!(data)
    part = Infinity
    base = r.seq
    // The colours that changed (whole towns), in place by code.
    const recoloured = new Map(r.colours.map((c) => [c.code, c]))
    const colours = s.colours.map((c) => recoloured.get(c.code) ?? c)
    const known = new Set(s.colours.map((c) => c.code))
    set({ seq: r.seq, aggregates: r.aggregates, aggregatesVersion: r.aggregatesVersion, colours: [...colours, ...r.colours.filter((c) => !known.has(c.code))] })
  }

  /** True when the event is the next one of our stream; a gap or a new epoch resubscribes. */
  function inOrder(e: StreamEnvelope): boolean {
    if (s.syncing || e.region !== s.region?.code) return false
    if (e.epoch === s.epoch && (e.seq < s.seq || (e.seq === s.seq && e.part <= part))) return false
    const next = e.epoch === s.epoch && ((e.seq === s.seq && e.part === part + 1) || (e.part === 0 && e.prev === s.seq))
    if (!next) {
      subscribe(wanted)
      return false
    }
    if (e.seq !== s.seq) base = e.prev
    s.seq = e.seq
    part = e.part
    return true
  }

  /** State pushes carry whole values: applied whenever they are for our stream. */
  const current = (e: StateEnvelope) => !s.syncing && e.region === s.region?.code && e.epoch === s.epoch

  function upsert(c: CaseSummary, prepend: boolean) {
    const i = s.feed.findIndex((x) => x.id === c.id)
    if (i >= 0) {
      if (s.feed[i]!.version >= c.version) return set({})
      const feed = s.feed.slice()
      feed[i] = c
      set({ feed })
    } else if (prepend && !c.late) {
      // In report-time order, newest first: a case reported long ago does not push the day's cases out.
      // (Of two reported at once, the one that came later first.)
      const k = s.feed.findIndex((x) => Date.parse(x.reportedAt) <= Date.parse(c.reportedAt))
      const feed = s.feed.slice()
      feed.splice(k < 0 ? feed.length : k, 0, c)
      set({ feed: feed.slice(0, FEED_MAX) })
    } else set({})
  }

  /** A red flag's case changed (taken at the desk, dispatched, closed): the wall shows it as it is now. */
  function refreshFlag(c: CaseSummary) {
    const i = s.redFlags.findIndex((x) => x.id === c.id)
    if (i < 0 || s.redFlags[i]!.version >= c.version) return
    const redFlags = s.redFlags.slice()
    if (c.open && c.colour === 'red') redFlags[i] = c
    else redFlags.splice(i, 1)
    set({ redFlags })
  }

  function warning(c: CaseSummary, to: Colour) {
    const rest = s.redFlags.filter((x) => x.id !== c.id)
    set({ redFlags: to === 'red' && c.open ? [c, ...rest].slice(0, RED_FLAG_LIMIT) : rest })
    upsert(c, false)
  }

  function indicators(e: IndicatorsPush) {
    // Only what changed since push `base`: on top of anything else it would be wrong.
    if (e.base !== null && (e.base !== s.aggregatesVersion || !s.aggregates)) return subscribe(wanted)
    set({ aggregates: e.base === null ? (e.aggregates as LiveAggregates) : { ...s.aggregates!, ...e.aggregates }, aggregatesVersion: e.version })
    // Sent after the stream's events: a head beyond ours means we missed the last of them.
    if (e.head > s.seq) subscribe(wanted)
  }

  function recolour(changed: RegionColour[]) {
    const byCode = new Map(changed.map((c) => [c.code, c]))
    set({ colours: s.colours.map((c) => byCode.get(c.code) ?? c) })
  }

  const handlers = {
    connect: () => wanted && subscribe(wanted),
    'case:created': (e: StreamEnvelope & { case: CaseSummary }) => {
      if (!inOrder(e)) return
      upsert(e.case, true)
      // A new case comes as one event: one red at once is a red flag already.
      if (e.case.open && e.case.colour === 'red') set({ redFlags: [e.case, ...s.redFlags.filter((x) => x.id !== e.case.id)].slice(0, RED_FLAG_LIMIT) })
      opts.onCase?.(e.case)
    },
    /** A stream's events of one tick, applied in order and shown at once. */
    'stream:batch': (b: StreamBatch) => {
      if (b.region !== s.region?.code) return
      inBatch(() => {
        for (const { event, data } of unbatch(b)) (handlers as unknown as Record<string, (e: unknown) => void>)[event]!(data)
        // The stream's state, after its events: colours, then what changed in the aggregates.
        if (b.colours && current(b)) recolour(b.colours)
        if (b.indicators && current(b)) indicators(b.indicators)
      })
    },
    'case:updated': (e: StreamEnvelope & { case: CaseSummary }) => inOrder(e) && (upsert(e.case, false), refreshFlag(e.case), opts.onCase?.(e.case)),
    'activity:recorded': (e: StreamEnvelope) => inOrder(e) && set({}),
    'cases:imported': (e: StreamEnvelope & { cases: CaseSummary[]; omitted: number }) => {
      if (!inOrder(e)) return
      // Imported history: recent ones join the feed, red ones the red flags, without an alarm.
      for (const c of e.cases) upsert(c, true)
      // The desk's queue takes the open ones (an imported case still open and late is work to do).
      for (const c of e.cases) opts.onCase?.(c)
      const red = e.cases.filter((c) => c.open && c.colour === 'red')
      if (red.length) set({ redFlags: [...red, ...s.redFlags.filter((x) => !red.some((r) => r.id === x.id))].sort((a, b) => b.colourSince.localeCompare(a.colourSince) || b.id - a.id).slice(0, RED_FLAG_LIMIT) })
      set({ importedAt: Date.now() })
      if (e.omitted) opts.onImportOmitted?.()
    },
    'wish:updated': (e: StreamEnvelope) => inOrder(e) && set({}),
    'visit:recorded': (e: StreamEnvelope) => inOrder(e) && set({}),
    'warning:changed': (e: StreamEnvelope & { case: CaseSummary; to: Colour }) => inOrder(e) && (warning(e.case, e.to), opts.onCase?.(e.case)),
    'redflag:raised': (e: StreamEnvelope & { case: CaseSummary; at: string }) => {
      if (inOrder(e)) {
        set({})
        opts.onCase?.(e.case)
        opts.onRedFlag?.(e.case, e.at)
      }
    },
    'supervision:issued': (e: StreamEnvelope) => inOrder(e) && set({}),
    'supervision:escalated': (e: StreamEnvelope) => inOrder(e) && set({}),
    'supervision:answered': (e: StreamEnvelope) => inOrder(e) && set({}),
    'trend:changed': (e: StreamEnvelope & { flag: TrendFlagView }) => inOrder(e) && (set({}), opts.onTrend?.(e.flag)),
  }
  for (const [event, fn] of Object.entries(handlers)) socket.on(event as 'connect', fn as () => void)

  return {
    start(code: string) {
      wanted = code
      if (socket.connected) subscribe(code)
    },
    state: () => s,
    stop() {
      clearTimeout(retry)
      for (const [event, fn] of Object.entries(handlers)) socket.off(event as 'connect', fn as () => void)
    },
  }
}
