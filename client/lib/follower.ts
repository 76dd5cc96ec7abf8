import type { Socket } from 'socket.io-client'
import type { CaseSummary, ClientToServerEvents, Colour, LiveAggregates, RegionColour, ServerToClientEvents, Snapshot, StreamEnvelope } from '../../server/contract'

export type StreamSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export const FEED_MAX = 30
/** The server sends at most this many red flags in a snapshot (RED_FLAG_LIMIT). */
export const RED_FLAGS_MAX = 50

export interface FollowerState {
  region: Snapshot['region'] | null
  aggregates: LiveAggregates | null
  feed: CaseSummary[]
  /** The region's own colour first, then every town's and community's within it. */
  colours: RegionColour[]
  /** Open red cases, the most recently turned red first. */
  redFlags: CaseSummary[]
  syncing: boolean
  /** Why the server refused the subscription (no credentials, outside the region); retried. */
  refused?: string
  resyncs: number
  seq: number
  epoch: string
}

/**
 * Follows one region's stream: a snapshot, then the events after it, applied only in
 * sequence. A gap, a new epoch (server restart) or a reconnect means a new snapshot, so the
 * state never misses or doubles an event. Plain TypeScript so node tests drive the same code
 * the screen runs. `onChange` receives a new state object on every change.
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
  } = {},
) {
  let s: FollowerState = { region: null, aggregates: null, feed: [], colours: [], redFlags: [], syncing: false, resyncs: 0, seq: 0, epoch: '' }
  let wanted = ''
  let retry: ReturnType<typeof setTimeout> | undefined
  const set = (patch: Partial<FollowerState>) => onChange((s = { ...s, ...patch }))

  function subscribe(code: string) {
    wanted = code
    clearTimeout(retry)
    set({ syncing: true })
    socket.timeout(10_000).emit('screen:subscribe', { region: code }, (err, res) => {
      if (wanted !== code) return
      if (err || !res.ok) {
        if (res && !res.ok) set({ refused: res.error })
        retry = setTimeout(() => socket.connected && subscribe(code), opts.retryMs ?? 3000)
        return
      }
      const snap = res.snapshot
      set({
        region: snap.region, epoch: snap.epoch, seq: snap.seq, aggregates: snap.aggregates, feed: snap.feed.slice(0, FEED_MAX),
        colours: snap.colours, redFlags: snap.redFlags.slice(0, RED_FLAGS_MAX), syncing: false, refused: undefined,
      })
      opts.onSnapshot?.()
    })
  }

  /** True when the event is the next one of our stream; otherwise it may trigger a resync. */
  function inOrder(e: StreamEnvelope): boolean {
    if (s.syncing || e.region !== s.region?.code) return false
    if (e.epoch === s.epoch && e.seq <= s.seq) return false
    if (e.epoch !== s.epoch || e.seq !== s.seq + 1) {
      set({ resyncs: s.resyncs + 1 })
      subscribe(wanted)
      return false
    }
    s.seq = e.seq
    return true
  }

  function upsert(c: CaseSummary, prepend: boolean) {
    const i = s.feed.findIndex((x) => x.id === c.id)
    if (i >= 0) {
      if (s.feed[i]!.version >= c.version) return set({})
      const feed = s.feed.slice()
      feed[i] = c
      set({ feed })
    } else if (prepend) set({ feed: [c, ...s.feed].slice(0, FEED_MAX) })
    else set({})
  }

  function warning(c: CaseSummary, to: Colour) {
    const rest = s.redFlags.filter((x) => x.id !== c.id)
    set({ redFlags: to === 'red' && c.open ? [c, ...rest].slice(0, RED_FLAGS_MAX) : rest })
    upsert(c, false)
  }

  function recolour(colour: RegionColour) {
    const i = s.colours.findIndex((x) => x.code === colour.code)
    if (i < 0) return set({})
    const colours = s.colours.slice()
    colours[i] = colour
    set({ colours })
  }

  const handlers = {
    connect: () => wanted && subscribe(wanted),
    'case:created': (e: StreamEnvelope & { case: CaseSummary }) => inOrder(e) && (upsert(e.case, true), opts.onCase?.(e.case)),
    'case:updated': (e: StreamEnvelope & { case: CaseSummary }) => inOrder(e) && (upsert(e.case, false), opts.onCase?.(e.case)),
    'activity:recorded': (e: StreamEnvelope) => inOrder(e) && set({}),
    'wish:updated': (e: StreamEnvelope) => inOrder(e) && set({}),
    'indicators:updated': (e: StreamEnvelope & { aggregates: LiveAggregates }) => inOrder(e) && set({ aggregates: e.aggregates }),
    'warning:changed': (e: StreamEnvelope & { case: CaseSummary; to: Colour }) => inOrder(e) && (warning(e.case, e.to), opts.onCase?.(e.case)),
    'redflag:raised': (e: StreamEnvelope & { case: CaseSummary; at: string }) => {
      if (inOrder(e)) {
        set({})
        opts.onCase?.(e.case)
        opts.onRedFlag?.(e.case, e.at)
      }
    },
    'region:recoloured': (e: StreamEnvelope & { colour: RegionColour }) => inOrder(e) && recolour(e.colour),
    'supervision:issued': (e: StreamEnvelope) => inOrder(e) && set({}),
    'supervision:escalated': (e: StreamEnvelope) => inOrder(e) && set({}),
    'supervision:answered': (e: StreamEnvelope) => inOrder(e) && set({}),
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
