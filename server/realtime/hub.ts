import type { Server, Socket } from 'socket.io'
import { coloursDigests, coloursGroup, RED_FLAG_LIMIT, type CaseSummary, type LiveAggregates, type ClientToServerEvents, type RegionColour, type Replay, type ServerToClientEvents, type Snapshot, type SubscribeAck } from '../contract'
import { describeError } from '../errors'
import { LEVELS, levelOf, streamsOf, within } from '../domain/regions'
import type { LiveModel } from '../live/model'
import { activitySummary, toNotice, toSummary, visitSummary, wishSummary } from '../live/summary'
import { communityOf, type LogRecord } from '../log/entries'
import type { Registry } from '../store/registry'
import type { RulesStore } from '../store/rules'
import type { StreamStart } from './streams'
import { Frames } from './frames'
import { appendCompact, caseEvents, changedParts, compactEvents, forScreens, type Emit } from './entryEvents'

export type Io = Server<ClientToServerEvents, ServerToClientEvents>
/** Who a socket is: its credentials' region and key or user, and how /admin names it (`label`, `who`). */
export type StreamSocketData = { region?: string; session?: string; keyId?: number; userId?: number; label?: string; who?: 'screen' | 'ingest' | 'desk' }
/**
 * A replay's events as read once for every follower that stopped at the same place, in both
 * forms, and where they end. The state that goes with them (aggregates, colours) is taken when
 * each follower joins, not kept with the read: a state push may come between two followers.
 */
type ReplayRead = Record<'full' | 'compact', Replay['events']> & { seq: number }

/** The Socket.IO room of a region's stream. */
export const room = (region: string) => `r:${region}`
/** A region and its ancestors, each once. */
const upFrom = (code: string) => [...new Set(streamsOf(code.slice(0, 12)))]
const depthOf = (code: string) => LEVELS.indexOf(levelOf(code))
/**
 * Whether `stream` carries `code`'s colour: its own and two levels down (a county: its towns and
 * communities, what its map and ranking show; a city: its counties and their towns). A city's
 * thousands of villages are the county streams' business, so a city's snapshot stays small.
 */
const colouredOn = (stream: string, code: string) => within(code, stream) && depthOf(code) - depthOf(stream) <= 2
/**
 * An import's batches change the indicators and colours of every place at once, many times a
 * second: its state goes out at most this often (a wall redrawing its map and numbers four times
 * a second for minutes is a wall that stutters).
 */
const IMPORT_COALESCE_MS = 1_000
/** More missed events than this and a snapshot is cheaper than the replay. */
const REPLAY_MAX = 2_000
/** Subscriptions a socket may make: a burst of this many, then one per SUBSCRIBE_REFILL_MS. */
const SUBSCRIBE_BURST = 5
const SUBSCRIBE_REFILL_MS = 2_000

/**
 * Per-region streams fed by the change log. Every entry this node reads (in commit order) is
 * applied to the live model and published, in one synchronous step, on the streams of its
 * community, town and county, numbered by its log id. A snapshot is taken in one step too, so
 * a snapshot at seq N holds exactly the entries up to N. A follower that reconnects says where
 * it stopped and is replayed what it missed from the log. Indicators and region colours are
 * state, coalesced: at most one push per stream per interval.
 */
export class Hub {
  readonly epoch: string
  /** The last log id applied to the model. */
  position: number
  /** The last log id published on each stream (or the log's floor for a quiet stream). */
  private lastOn: Map<string, number>
  private floor: number
  private dirty = new Set<string>()
  private timer: NodeJS.Timeout | null = null
  private regionColours = new Map<string, RegionColour>()
  /** Each followed stream's aggregates as last pushed, and its number (one counter for all streams). */
  private pushed = new Map<string, { version: number; aggregates: LiveAggregates }>()
  private versions = 0
  /** The streams' events on their way out, one frame per stream per tick. */
  private frames: Frames
  get stats() {
    return this.frames.stats
  }
  /** When a stream last had a frame sent (ms since epoch), or undefined. */
  lastFrameAt(region: string) {
    return this.frames.lastSentAt.get(region)
  }
  /**
   * Checks a socket's credentials again before each subscription (a key revoked, a session
   * ended, a password to change): null to go on, or why not. Set by the app.
   */
  admit: (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => Promise<string | null> = async () => null

  constructor(
    private io: Io,
    private model: LiveModel,
    private registry: Registry,
    private rules: RulesStore,
    start: StreamStart,
    private readLog: (prefix: string, after: number, upTo: number) => Promise<{ records: LogRecord[]; floor: number }>,
    private coalesceMs = 250,
    /** Events of a stream within this many ms go out as one frame. */
    tickMs = 50,
    /** A socket with more unsent than this (bytes) is dropped and resumes by replay. */
    slowClientBytes = 4 * 2 ** 20,
  ) {
    this.frames = new Frames(io, room, () => this.epoch, tickMs, slowClientBytes)
    this.epoch = start.epoch
    this.position = start.position
    this.lastOn = start.lastOn
    this.floor = start.floor
    for (const r of this.colouredRegions()) this.regionColours.set(r, this.model.regionColour(r, this.rules.current))
    io.on('connection', (socket) => {
      socket.emit('server:status', { ...this.status, build: this.buildOf() })
      // A token bucket per socket: a flood of subscriptions is refused before any work.
      let tokens = SUBSCRIBE_BURST
      let filled = Date.now()
      socket.on('screen:subscribe', (req, ack) => {
        if (typeof ack !== 'function') return
        const now = Date.now()
        tokens = Math.min(SUBSCRIBE_BURST, tokens + (now - filled) / SUBSCRIBE_REFILL_MS)
        filled = now
        if (tokens < 1) return ack({ ok: false, error: 'too many subscriptions: wait a moment' })
        tokens--
        void this.admit(socket)
          .then((refused) => {
            if (!refused) return this.subscribe(socket, req, ack)
            ack({ ok: false, error: refused })
            socket.disconnect(true)
          })
          .catch((e) => {
            console.error(`subscribe: ${describeError(e)}`)
            ack({ ok: false, error: 'temporarily unavailable' })
          })
      })
    })
  }

  private async subscribe(socket: Socket<ClientToServerEvents, ServerToClientEvents>, req: Parameters<ClientToServerEvents['screen:subscribe']>[0], ack: (r: SubscribeAck) => void) {
    const region = typeof req?.region === 'string' ? this.registry.region(req.region) : undefined
    if (!region || region.level === 'grid') return ack({ ok: false, error: 'unknown region' })
    // Only a logged-in person or a keyed machine, and only its own region and below: the stream carries citizen text.
    const scope = (socket.data as StreamSocketData).region
    if (!scope) return ack({ ok: false, error: 'unauthenticated: log in or use a screen token' })
    if (!within(region.code, scope)) return ack({ ok: false, error: 'outside your region' })
    const join = () => {
      for (const r of socket.rooms) if (r.startsWith('r:')) void socket.leave(r)
      void socket.join(room(region.code))
    }
    const seq = req.resume?.seq
    if (req.resume?.epoch === this.epoch && Number.isSafeInteger(seq) && seq! >= 0) {
      // The database away: a snapshot from memory is still true.
      const read = await this.replay(region.code, seq!).catch(() => null)
      // replay() returns synchronously after its last read: joining here misses nothing.
      if (read) {
        join()
        const { version: aggregatesVersion, aggregates } = this.streamAggregates(region.code)
        const colours = this.colours(region.code)
        const state = { region: region.code, epoch: this.epoch, seq: read.seq, aggregates, aggregatesVersion }
        if (req.resume.compact !== true) return ack({ ok: true, replay: { ...state, colours, events: read.full } })
        // Only the towns whose colours differ from what the follower holds.
        const held = req.resume.colours && typeof req.resume.colours === 'object' ? req.resume.colours : {}
        const digests = coloursDigests(colours)
        return ack({ ok: true, replay: { ...state, colours: colours.filter((c) => held[coloursGroup(c.code)] !== digests[coloursGroup(c.code)]), events: read.compact } })
      }
    }
    join()
    ack({ ok: true, snapshot: this.snapshot(region.code, true) })
  }

  /** Replays being read, shared by every follower that stopped at the same place (a restart's wave). */
  private replays = new Map<string, Promise<ReplayRead | null>>()

  /**
   * The events of `region`'s stream after `from`, up to what this node has applied, or null when
   * the log no longer holds them (older than its retention) or they are too many.
   */
  private replay(region: string, from: number): Promise<ReplayRead | null> {
    const key = `${region}|${from}|${this.position}`
    let r = this.replays.get(key)
    if (!r) {
      r = this.readReplay(region, from)
      this.replays.set(key, r)
      r.catch(() => this.replays.delete(key))
    }
    return r
  }

  private async readReplay(region: string, from: number): Promise<ReplayRead | null> {
    const last = this.lastOn.get(region) ?? this.floor
    if (from > last) return null
    const records: LogRecord[] = []
    let covered = from
    // Read up to what this node has applied; entries applied during a read are read next, until
    // none came in meanwhile (then the caller joins the room in the same step).
    while (covered < (this.lastOn.get(region) ?? this.floor)) {
      const target = this.position
      const read = await this.readLog(region, covered, target)
      if (from < read.floor) return null
      records.push(...read.records)
      if (records.length > REPLAY_MAX) return null
      covered = target
    }
    const full: Replay['events'] = []
    const compact: Replay['events'] = []
    let prev = from
    for (const r of records) {
      const events = this.eventsOf(r)
      events.forEach((e, part) => full.push({ event: e.event, data: { region, epoch: this.epoch, seq: r.id, prev, part, ...e.payload } }))
      appendCompact(compact, compactEvents(events, r.id, prev))
      prev = r.id
    }
    return { full, compact, seq: prev }
  }

  private colouredRegions() {
    return this.registry.regions().filter((r) => r.level !== 'grid').map((r) => r.code)
  }

  /** Applies a batch of log entries read in commit order: the model, then the streams. */
  apply(records: LogRecord[]) {
    // A replay read at an older position is of no use any more: memory stays flat for days.
    if (records.length) this.replays.clear()
    for (const r of records) {
      if (r.id <= this.position) continue
      this.position = r.id
      switch (r.kind) {
        case 'case':
          this.model.applyCase(r.change)
          break
        case 'notice':
          this.model.applyCase(r.change.case)
          break
        case 'activity':
          this.model.applyActivity(r.change)
          break
        case 'import':
          this.model.applyImport(r.change)
          break
        case 'visit':
          this.model.applyVisit(r.change)
          break
        case 'wish':
          this.model.applyWish(r.change)
          break
        case 'trend':
          break
        default:
          continue
      }
      this.publish(r)
    }
  }

  /** The stream events of one entry, the same live and in a replay. */
  private eventsOf(r: LogRecord): Emit[] {
    switch (r.kind) {
      case 'case':
        return caseEvents(r.change)
      case 'notice': {
        const nc = r.change
        const notice = toNotice(nc.notice, this.rules.current)
        const last: Emit =
          nc.kind === 'escalated'
            ? { event: 'supervision:escalated', payload: { notice, from: nc.from } }
            : { event: nc.kind === 'issued' ? 'supervision:issued' : 'supervision:answered', payload: { notice } }
        return [...caseEvents(nc.case), last]
      }
      case 'activity':
        return [{ event: 'activity:recorded', payload: { activity: activitySummary(r.change.row) } }]
      case 'visit':
        return [{ event: 'visit:recorded', payload: { visit: visitSummary(r.change.row) } }]
      case 'import':
        // One event for the batch: how many came in, and the cases a screen holds (its feed, its red flags).
        return [{ event: 'cases:imported', payload: { import: r.change.import, count: r.change.count, ...forScreens(r.change.rows.map(toSummary)) } }]
      case 'wish':
        return [{ event: 'wish:updated', payload: { wish: wishSummary(r.change.after) } }]
      case 'trend':
        return [{ event: 'trend:changed', payload: { flag: r.change.flag } }]
      default:
        return []
    }
  }

  /** Per followed stream, until the next flush: how recently a case must have turned red to be among its red flags. */
  private redCutoffs = new Map<string, number>()

  /**
   * An import's event for one followed stream: without the red cases older than the stream's red
   * flags (a ledger's old open cases, red for years, would only be cut off by the screen).
   */
  private importFor(region: string, events: Emit[]): Emit[] {
    const p = events[0]!.payload as { cases: CaseSummary[]; omitted: number }
    if (!p.cases.length || !this.io.sockets.adapter.rooms.get(room(region))?.size) return events
    let cutoff = this.redCutoffs.get(region)
    if (cutoff === undefined) {
      const flags = this.model.redFlags(region)
      this.redCutoffs.set(region, (cutoff = flags.length < RED_FLAG_LIMIT ? -Infinity : +flags.at(-1)!.colourSince))
    }
    const min = cutoff
    const cases = p.cases.filter((c) => !(c.open && c.colour === 'red') || !c.late || Date.parse(c.colourSince) >= min)
    return cases.length === p.cases.length ? events : [{ event: 'cases:imported', payload: { ...p, cases, omitted: p.omitted + p.cases.length - cases.length } }]
  }

  private publish(r: LogRecord) {
    const community = communityOf(r)
    if (!community) return
    const events = this.eventsOf(r)
    // A town's entry (a trend flag) names the town: its streams are the town's and those above, once each.
    for (const region of new Set(streamsOf(community))) {
      const prev = this.lastOn.get(region) ?? this.floor
      this.lastOn.set(region, r.id)
      this.frames.add(region, compactEvents(r.kind === 'import' ? this.importFor(region, events) : events, r.id, prev))
      this.dirty.add(region)
    }
    this.schedule(r.kind === 'import')
  }

  private schedule(slow = false) {
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), slow ? Math.max(this.coalesceMs, IMPORT_COALESCE_MS) : this.coalesceMs)
  }

  private flush() {
    this.timer = null
    this.redCutoffs.clear()
    const regions = [...this.dirty]
    this.dirty.clear()
    const followed = (region: string) => !!this.io.sockets.adapter.rooms.get(room(region))?.size
    // The colours that changed, one push per stream with all of them (a city's stream hears of
    // its counties and towns together, not in one frame each).
    const recoloured = new Map<string, RegionColour[]>()
    for (const region of regions) {
      const before = this.regionColours.get(region)
      const colour = this.model.regionColour(region, this.rules.current)
      if (before && JSON.stringify(before) === JSON.stringify(colour)) continue
      this.regionColours.set(region, colour)
      for (const r of upFrom(region)) if (colouredOn(r, region)) recoloured.set(r, [...(recoloured.get(r) ?? []), colour])
    }
    for (const [region, colours] of recoloured) if (followed(region)) this.frames.state(region, { colours })
    // Indicators: only the parts that changed since the stream's last push, numbered so that a
    // follower applies them only on top of exactly that push.
    for (const region of regions) {
      if (!followed(region)) {
        // Nobody to keep in step: the next follower starts from a fresh value.
        this.pushed.delete(region)
        continue
      }
      const fresh = this.model.aggregates(region)
      const last = this.pushed.get(region)
      const version = ++this.versions
      this.pushed.set(region, { version, aggregates: fresh })
      const head = this.lastOn.get(region) ?? this.floor
      this.frames.state(region, { indicators: { head, version, ...(last ? { base: last.version, aggregates: changedParts(last.aggregates, fresh) } : { base: null, aggregates: fresh }) } })
    }
    // One frame a stream: its events, then its state (so `head` never runs ahead of what was sent).
    this.frames.send()
  }

  /** The stream's aggregates as last pushed (what its followers hold), or fresh ones that become the stream's base. */
  private streamAggregates(region: string): { version: number; aggregates: LiveAggregates } {
    let p = this.pushed.get(region)
    if (!p) this.pushed.set(region, (p = { version: ++this.versions, aggregates: this.model.aggregates(region) }))
    return p
  }

  private status: { database: 'up' | 'down'; since: string; build: string } = { database: 'up', since: new Date().toISOString(), build: '' }

  /** The id of the client build this server serves now (dist/build.json, which a rebuild replaces under a running server). */
  buildOf: () => string = () => ''

  /** The database went away or came back: every screen is told, so none shows old data as current. */
  setDatabase(up: boolean) {
    const database = up ? 'up' : 'down'
    if (database === this.status.database) return
    this.status = { ...this.status, database, since: new Date().toISOString() }
    this.io.emit('server:status', { ...this.status, build: this.buildOf() })
  }

  /** Sockets matching `which` stop receiving at once: a session ended, a key revoked, a user disabled. */
  disconnectWhere(which: (d: StreamSocketData) => boolean) {
    for (const s of this.io.sockets.sockets.values()) if (which(s.data as StreamSocketData)) s.disconnect(true)
  }

  /** Something every region depends on changed (a new day, new rules): recompute them all. */
  touchAll() {
    for (const r of this.colouredRegions()) this.dirty.add(r)
    this.schedule()
  }

  /** The codes whose colours a stream carries, worked out once per stream (and again if the tree is reloaded). */
  private colouredCodes = { generation: -1, byStream: new Map<string, string[]>() }

  private colours(regionCode: string): RegionColour[] {
    const cache = this.colouredCodes
    if (cache.generation !== this.registry.generation) {
      cache.generation = this.registry.generation
      cache.byStream.clear()
    }
    let codes = cache.byStream.get(regionCode)
    if (!codes) {
      codes = [regionCode, ...this.registry.regions().filter((r) => r.code !== regionCode && r.level !== 'grid' && colouredOn(regionCode, r.code)).map((r) => r.code)]
      cache.byStream.set(regionCode, codes)
    }
    return codes.map((code) => this.regionColours.get(code) ?? this.model.regionColour(code, this.rules.current))
  }

  /**
   * Everything a screen draws. For a stream's follower (`stream`), the aggregates are the
   * stream's as last pushed, numbered, so the next push's changes apply on top of them; for a
   * plain read, fresh ones.
   */
  snapshot(regionCode: string, stream = false): Snapshot {
    const region = this.registry.region(regionCode)!
    const agg = stream ? this.streamAggregates(regionCode) : { version: 0, aggregates: this.model.aggregates(regionCode) }
    return {
      region: { code: region.code, name: region.name, level: region.level },
      epoch: this.epoch,
      seq: this.lastOn.get(regionCode) ?? this.floor,
      aggregates: agg.aggregates,
      aggregatesVersion: agg.version,
      feed: this.model.feed(regionCode).map(toSummary),
      colours: this.colours(regionCode),
      redFlags: this.model.redFlags(regionCode).map(toSummary),
    }
  }

  close() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.frames.close()
  }
}
