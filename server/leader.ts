import pg from 'pg'
import { describeError } from './errors'

/**
 * The advisory lock of the one node that runs the clock-driven work: the same number in every
 * node, and apart from the other advisory locks (migrations 8_250_001 in db/client.ts, the
 * change log 8_250_002 in server/log/append.ts).
 */
export const LEADER_LOCK = 8_250_003

export interface LeadershipOptions {
  /** The database's URL: the lock lives on a connection of its own, as long as it is open. */
  url: string
  /** This node became the leader: start the work only one node may do. */
  onLead: () => Promise<void>
  /** It is no longer (its connection to the database broke): stop that work. */
  onFollow: () => Promise<void>
  /** How often a follower tries for the lock. */
  retryMs?: number
}

/**
 * Exactly one node of those on a database leads: it holds a session-level advisory lock on a
 * connection of its own. When the leader dies (killed, its machine gone), PostgreSQL ends its
 * session and releases the lock, and the next follower to try (every `retryMs`) takes over. A
 * leader whose connection breaks (the database restarted) stops leading at once and tries again.
 */
export class Leadership {
  leading = false
  private listeners: ((leading: boolean) => void)[] = []
  /** Called with true when this node starts leading, false when it stops. */
  onChange(fn: (leading: boolean) => void) {
    this.listeners.push(fn)
    if (this.leading) fn(true)
  }
  private tell(leading: boolean) {
    for (const fn of this.listeners) fn(leading)
  }
  private client: pg.Client | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private trying: Promise<void> = Promise.resolve()

  constructor(private o: LeadershipOptions) {}

  /** Tries at once (the first node leads from its start), then keeps trying while it follows. */
  async start() {
    await this.attempt()
  }

  private schedule() {
    if (this.stopped || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.attempt()
    }, this.o.retryMs ?? 2_000)
    this.timer.unref()
  }

  private attempt(): Promise<void> {
    this.trying = this.trying.then(() => this.tryOnce())
    return this.trying
  }

  private async tryOnce() {
    if (this.stopped || this.leading) return
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.o.url })
        client.on('error', () => this.lost(client))
        client.on('end', () => this.lost(client))
        await client.connect()
        this.client = client
      }
      const { rows } = await this.client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LEADER_LOCK])
      if (rows[0]?.ok) {
        this.leading = true
        console.log('leader: this node runs the clock-driven work (warnings, and the demo simulator)')
        await this.o.onLead()
        this.tell(true)
        return
      }
    } catch (e) {
      console.error(`leader: ${describeError(e)}; trying again`)
      const c = this.client
      this.client = null
      c?.end().catch(() => {})
    }
    this.schedule()
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return
    this.client = null
    client.end().catch(() => {})
    if (this.leading) {
      this.leading = false
      console.error('leader: the connection holding the lead broke; stopping the clock-driven work')
      this.tell(false)
      void this.o.onFollow().catch(() => {})
    }
    this.schedule()
  }

  async stop() {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.trying.catch(() => {})
    if (this.leading) {
      this.leading = false
      this.tell(false)
      await this.o.onFollow().catch(() => {})
    }
    const c = this.client
    this.client = null
    await c?.end().catch(() => {})
  }
}
