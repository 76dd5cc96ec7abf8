import { randomUUID } from 'node:crypto'
import type { Server } from 'socket.io'
import type { VolunteerActivity, Wish } from '../../db/schema'
import type { CaseRow } from '../../db/schema'
import type { ActivitySummary, ClientToServerEvents, Colour, RegionColour, ServerToClientEvents, Snapshot, WishSummary } from '../contract'
import { isOpen } from '../domain/lifecycle'
import { streamsOf, within } from '../domain/regions'
import { isoLocal } from '../domain/time'
import type { LiveModel } from '../live/model'
import { toNotice, toSummary } from '../live/summary'
import type { ActivityChange } from '../store/activities'
import type { CaseChange } from '../store/cases'
import type { NoticeChange } from '../store/notices'
import type { Registry } from '../store/registry'
import type { RulesStore } from '../store/rules'
import type { WishChange } from '../store/wishes'

type Io = Server<ClientToServerEvents, ServerToClientEvents>
type StreamEvent = Exclude<keyof ServerToClientEvents, 'indicators:updated'>

const room = (region: string) => `r:${region}`
const effective = (row: CaseRow | null): Colour | null => (row ? (isOpen(row.status) ? row.colour : 'green') : null)
/** A region and its ancestors, each once. */
const upFrom = (code: string) => [...new Set(streamsOf(code.slice(0, 12)))]

/**
 * Per-region streams. Every committed change is applied to the live model and published, in
 * one synchronous step, on the streams of its community, town and county, each numbering its
 * events. A snapshot is taken in one step too, so a snapshot at seq N holds exactly the events
 * up to N. Indicators are coalesced: at most one `indicators:updated` per stream per interval.
 */
export class Hub {
  readonly epoch = randomUUID()
  private seqs = new Map<string, number>()
  private dirty = new Set<string>()
  private timer: NodeJS.Timeout | null = null
  private regionColours = new Map<string, RegionColour>()
  /** Called after every published case change (the warning engine reschedules from it). */
  onCase: (ch: CaseChange) => void = () => {}

  constructor(private io: Io, private model: LiveModel, private registry: Registry, private rules: RulesStore, private coalesceMs = 250) {
    for (const r of this.colouredRegions()) this.regionColours.set(r, this.model.regionColour(r, this.rules.current))
    io.on('connection', (socket) => {
      socket.on('screen:subscribe', (req, ack) => {
        if (typeof ack !== 'function') return
        const region = typeof req?.region === 'string' ? this.registry.region(req.region) : undefined
        if (!region || region.level === 'grid') return ack({ ok: false, error: 'unknown region' })
        // Only a logged-in person or a keyed machine, and only its own region and below: the stream carries citizen text.
        const scope = (socket.data as { region?: string }).region
        if (!scope) return ack({ ok: false, error: 'unauthenticated: log in or use a screen token' })
        if (!within(region.code, scope)) return ack({ ok: false, error: 'outside your region' })
        for (const r of socket.rooms) if (r.startsWith('r:')) void socket.leave(r)
        void socket.join(room(region.code))
        ack({ ok: true, snapshot: this.snapshot(region.code) })
      })
    })
  }

  private next(region: string) {
    const s = (this.seqs.get(region) ?? 0) + 1
    this.seqs.set(region, s)
    return s
  }

  private colouredRegions() {
    return this.registry.regions().filter((r) => r.level !== 'grid').map((r) => r.code)
  }

  /** Emits on each stream of `community` (or the given streams); `dirty` marks their indicators for the next flush. */
  private publish<E extends StreamEvent>(event: E, community: string, payload: Record<string, unknown>, streams = streamsOf(community), dirty = true) {
    for (const region of streams) {
      const seq = this.next(region)
      ;(this.io.to(room(region)).emit as (e: string, p: unknown) => void)(event, { region, epoch: this.epoch, seq, ...payload })
      if (dirty) this.dirty.add(region)
    }
    if (dirty) this.schedule()
  }

  private schedule() {
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), this.coalesceMs)
  }

  private flush() {
    this.timer = null
    const regions = [...this.dirty]
    this.dirty.clear()
    for (const region of regions) {
      const before = this.regionColours.get(region)
      const colour = this.model.regionColour(region, this.rules.current)
      if (before && JSON.stringify(before) === JSON.stringify(colour)) continue
      this.regionColours.set(region, colour)
      this.publish('region:recoloured', region, { colour, from: before?.colour ?? null }, upFrom(region), false)
    }
    for (const region of regions) {
      const seq = this.next(region)
      if (!this.io.sockets.adapter.rooms.get(room(region))?.size) continue
      this.io.to(room(region)).emit('indicators:updated', { region, epoch: this.epoch, seq, aggregates: this.model.aggregates(region) })
    }
  }

  case(ch: CaseChange) {
    const { stale } = this.model.applyCase(ch)
    if (stale) {
      // Counters changed, but a newer version of the case was already published.
      for (const r of streamsOf(ch.after.communityCode)) this.dirty.add(r)
      this.schedule()
      return
    }
    const summary = toSummary(ch.after)
    const community = ch.after.communityCode
    this.publish(ch.before ? 'case:updated' : 'case:created', community, { case: summary })
    const from = effective(ch.before)
    const to = effective(ch.after)!
    if (from !== to) {
      const at = isoLocal(ch.after.colourSince)
      this.publish('warning:changed', community, { caseId: ch.after.id, from, to, reasons: summary.reasons, at, case: summary })
      if (to === 'red') this.publish('redflag:raised', community, { case: summary, at })
    }
    this.onCase(ch)
  }

  notice(nc: NoticeChange) {
    this.case(nc.case)
    const notice = toNotice(nc.notice, this.rules.current)
    const community = nc.case.after.communityCode
    if (nc.kind === 'escalated') this.publish('supervision:escalated', community, { notice, from: nc.from })
    else this.publish(nc.kind === 'issued' ? 'supervision:issued' : 'supervision:answered', community, { notice })
  }

  /** A session ended: its sockets stop receiving at once, whatever they were following. */
  endSession(token: string) {
    for (const s of this.io.sockets.sockets.values()) if ((s.data as { session?: string }).session === token) s.disconnect(true)
  }

  /** Something every region depends on changed (a new day, new rules): recompute them all. */
  touchAll() {
    for (const r of this.colouredRegions()) this.dirty.add(r)
    this.schedule()
  }

  activity(ch: ActivityChange) {
    this.model.applyActivity(ch)
    this.publish('activity:recorded', ch.row.communityCode, { activity: activitySummary(ch.row) })
  }

  wish(ch: WishChange) {
    this.model.applyWish(ch)
    this.publish('wish:updated', ch.after.communityCode, { wish: wishSummary(ch.after) })
  }

  snapshot(regionCode: string): Snapshot {
    const region = this.registry.region(regionCode)!
    return {
      region: { code: region.code, name: region.name, level: region.level },
      epoch: this.epoch,
      seq: this.seqs.get(regionCode) ?? 0,
      aggregates: this.model.aggregates(regionCode),
      feed: this.model.feed(regionCode).map(toSummary),
      colours: [regionCode, ...this.registry.regions().filter((r) => r.code !== regionCode && r.level !== 'grid' && within(r.code, regionCode)).map((r) => r.code)].map(
        (code) => this.regionColours.get(code) ?? this.model.regionColour(code, this.rules.current),
      ),
      redFlags: this.model.redFlags(regionCode).map(toSummary),
    }
  }

  close() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

export function activitySummary(a: VolunteerActivity): ActivitySummary {
  return {
    id: a.id, team: a.team, kind: a.kind, title: a.title, communityCode: a.communityCode, lat: a.lat, lng: a.lng,
    startedAt: isoLocal(a.startedAt), hours: Math.round(a.minutes / 6) / 10, peopleServed: a.peopleServed,
  }
}

export function wishSummary(w: Wish): WishSummary {
  return { id: w.id, communityCode: w.communityCode, title: w.title, status: w.status, collectedAt: isoLocal(w.collectedAt) }
}
