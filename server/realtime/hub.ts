import { randomUUID } from 'node:crypto'
import type { Server } from 'socket.io'
import type { VolunteerActivity, Wish } from '../../db/schema'
import type { ActivitySummary, ClientToServerEvents, ServerToClientEvents, Snapshot, WishSummary } from '../contract'
import { streamsOf } from '../domain/regions'
import { isoLocal } from '../domain/time'
import type { LiveModel } from '../live/model'
import { toSummary } from '../live/summary'
import type { ActivityChange } from '../store/activities'
import type { CaseChange } from '../store/cases'
import type { Registry } from '../store/registry'
import type { WishChange } from '../store/wishes'

type Io = Server<ClientToServerEvents, ServerToClientEvents>
type StreamEvent = Exclude<keyof ServerToClientEvents, 'indicators:updated'>

const room = (region: string) => `r:${region}`

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

  constructor(private io: Io, private model: LiveModel, private registry: Registry, private coalesceMs = 250) {
    io.on('connection', (socket) => {
      socket.on('screen:subscribe', (req, ack) => {
        if (typeof ack !== 'function') return
        const region = typeof req?.region === 'string' ? this.registry.region(req.region) : undefined
        if (!region || region.level === 'grid') return ack({ ok: false, error: 'unknown region' })
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

  private publish<E extends StreamEvent>(event: E, community: string, payload: Record<string, unknown>) {
    for (const region of streamsOf(community)) {
      const seq = this.next(region)
      ;(this.io.to(room(region)).emit as (e: string, p: unknown) => void)(event, { region, epoch: this.epoch, seq, ...payload })
      this.dirty.add(region)
    }
    this.schedule()
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
    const summary = toSummary(ch.after, this.model.colourOf(ch.after))
    this.publish(ch.before ? 'case:updated' : 'case:created', ch.after.communityCode, { case: summary })
  }

  activity(ch: ActivityChange) {
    this.model.applyActivity(ch)
    this.publish('activity:recorded', ch.row.communityCode, { activity: activitySummary(ch.row) })
  }

  wish(ch: WishChange) {
    this.model.applyWish(ch)
    this.publish('wish:updated', ch.after.communityCode, { wish: wishSummary(ch.after) })
  }

  /** Time passed: colours may have changed without any write. */
  recolour() {
    for (const r of this.model.recolour()) this.dirty.add(r)
    if (this.dirty.size) this.schedule()
  }

  snapshot(regionCode: string): Snapshot {
    const region = this.registry.region(regionCode)!
    return {
      region: { code: region.code, name: region.name, level: region.level },
      epoch: this.epoch,
      seq: this.seqs.get(regionCode) ?? 0,
      aggregates: this.model.aggregates(regionCode),
      feed: this.model.feed(regionCode).map((r) => toSummary(r, this.model.colourOf(r))),
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
