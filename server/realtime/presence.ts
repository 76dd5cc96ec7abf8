import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { gt, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { nodePresence } from '../../db/schema'
import type { PresenceSocket } from '../contract'
import { within } from '../domain/regions'
import { isoLocal } from '../domain/time'
import { unsentBytes } from './frames'
import type { Hub, Io, StreamSocketData } from './hub'

const PUBLISH_MS = 10_000
/** A node not heard from for this long has its sockets left out (it died, or lost its database). */
const STALE_MS = 30_000

/**
 * The walls and desks connected to this node, published to the database for /admin (which may
 * be answered by another node): every 10 s, and half a second after a socket connects,
 * subscribes or goes. Reading lists every node heard from in the last 30 s.
 */
export class Presence {
  /** The host and process, and a random tag: two apps in one process (tests) are two nodes. */
  readonly node = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  private timer: NodeJS.Timeout | null = null
  private soon: NodeJS.Timeout | null = null
  private since = new Map<string, number>()

  constructor(private db: Db, private io: Io, private hub: Hub) {
    io.on('connection', (socket) => {
      this.since.set(socket.id, Date.now())
      this.changed()
      socket.on('screen:subscribe', () => this.changed())
      socket.on('disconnect', () => {
        this.since.delete(socket.id)
        this.changed()
      })
    })
  }

  start() {
    this.timer = setInterval(() => void this.publish(), PUBLISH_MS)
    this.timer.unref()
    void this.publish()
  }

  private changed() {
    if (this.soon) return
    this.soon = setTimeout(() => ((this.soon = null), void this.publish()), 500)
    this.soon.unref()
  }

  /** This node's sockets now. */
  sockets(): PresenceSocket[] {
    const out: PresenceSocket[] = []
    for (const s of this.io.sockets.sockets.values()) {
      const d = s.data as StreamSocketData
      const stream = [...s.rooms].find((r) => r.startsWith('r:'))?.slice(2) ?? null
      const last = stream ? this.hub.lastFrameAt(stream) : undefined
      out.push({
        node: this.node, id: s.id, who: d.who ?? 'desk', label: d.label ?? '', regionCode: d.region ?? '', stream,
        address: s.handshake.address, connectedAt: isoLocal(new Date(this.since.get(s.id) ?? Date.now())),
        lastFrameAt: last ? isoLocal(new Date(last)) : null, unsentBytes: unsentBytes(s),
      })
    }
    return out
  }

  async publish() {
    const sockets = this.sockets()
    await this.db
      .insert(nodePresence)
      .values({ node: this.node, seenAt: new Date(), sockets })
      .onConflictDoUpdate({ target: nodePresence.node, set: { seenAt: sql`excluded.seen_at`, sockets: sql`excluded.sockets` } })
      .catch(() => undefined) // the database away: the next beat tries again
    await this.db.delete(nodePresence).where(lt(nodePresence.seenAt, new Date(Date.now() - 3_600_000))).catch(() => undefined)
  }

  /** Every node's walls and desks within `region`, longest connected first. */
  async list(region: string): Promise<PresenceSocket[]> {
    const rows = await this.db.select().from(nodePresence).where(gt(nodePresence.seenAt, new Date(Date.now() - STALE_MS)))
    return rows
      .flatMap((r) => r.sockets)
      .filter((s) => s.regionCode && within(s.regionCode, region))
      .sort((a, b) => a.connectedAt.localeCompare(b.connectedAt))
  }

  /** Stops publishing and takes this node's sockets off the list. */
  async close() {
    if (this.timer) clearInterval(this.timer)
    if (this.soon) clearTimeout(this.soon)
    await this.db.delete(nodePresence).where(sql`${nodePresence.node} = ${this.node}`).catch(() => undefined)
  }
}
