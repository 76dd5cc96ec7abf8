import { sql } from 'drizzle-orm'
import pg from 'pg'
import { queryPrepared, type Db } from '../../db/client'
import { LOG_CHANNEL } from './append'
import { describeError } from '../errors'
import { revive, type LogRecord } from './entries'

export interface TailerOptions {
  db: Db
  /** The database's URL, for the one connection that LISTENs. */
  url: string
  /** The last id already reflected in what this node holds (read with its state at start). */
  from: number
  /** Called with each batch in id order, synchronously: state and streams change in one step. */
  onRecords: (records: LogRecord[]) => void
  /** Fallback poll when no notification arrives (a dropped LISTEN connection). */
  pollMs?: number
  /** Entries older than this are deleted (by every node; deleting twice is harmless). */
  retentionHours?: number
  /** Called when reading the log starts failing (false) or works again (true). */
  onHealth?: (up: boolean) => void
}

const BATCH = 500
const PRUNE_EVERY_MS = 10 * 60_000

/**
 * Reads the change log in id order (= commit order, see append.ts) and hands every entry to
 * this node once. LISTEN wakes it at once; a poll catches what a lost notification missed.
 * A database that goes away stops nothing: it reads again when the database is back.
 */
export class LogTailer {
  position: number
  private listener: pg.Client | null = null
  private timers: NodeJS.Timeout[] = []
  private reading: Promise<void> | null = null
  private again = false
  private stopped = false
  private reconnectMs = 250
  private waiters: { id: number; resolve: () => void }[] = []
  readonly stats = { listening: false, reads: 0, records: 0, errors: 0, lastError: '' as string, lastReadAt: null as Date | null }

  constructor(private o: TailerOptions) {
    this.position = o.from
  }

  async start() {
    await this.listen()
    const poll = setInterval(() => this.wake(), this.o.pollMs ?? 1000)
    const prune = setInterval(() => void this.prune(), PRUNE_EVERY_MS)
    poll.unref()
    prune.unref()
    this.timers.push(poll, prune)
    await this.wake()
  }

  /** Reads everything committed after `position`; concurrent calls collapse into one more read. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.reading) {
      this.again = true
      return this.reading
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false
          while (!this.stopped && (await this.readBatch()) === BATCH);
        } while (this.again && !this.stopped)
      } catch (e) {
        this.fail(e)
      } finally {
        this.reading = null
      }
    })()
    return this.reading
  }

  private async readBatch(): Promise<number> {
    const rows = await queryPrepared<{ id: string; at: Date; kind: string; payload: unknown }>(
      this.o.db,
      'read-log',
      sql`select id, at, kind, payload from change_log where id > ${this.position} order by id limit ${BATCH}`,
    )
    this.stats.reads++
    this.stats.lastReadAt = new Date()
    this.health(true)
    if (!rows.length) return 0
    const records = rows.map((r) => revive(Number(r.id), r.at, r.kind, r.payload))
    this.position = records[records.length - 1]!.id
    this.stats.records += records.length
    this.o.onRecords(records)
    this.release()
    return rows.length
  }

  /**
   * Resolves once this node has read entry `id` (a write waits for its own change: read your
   * writes). The notification brings it; a read is forced if it has not come in 50 ms; after
   * 5 s it resolves anyway, so an answer is never held hostage by a stuck reader.
   */
  reach(id: number): Promise<void> {
    if (id <= this.position || this.stopped) return Promise.resolve()
    return new Promise((resolve) => {
      const w = { id, resolve }
      this.waiters.push(w)
      const nudge = setTimeout(() => this.waiters.includes(w) && void this.wake(), 50)
      const giveUp = setTimeout(() => this.release(w), 5_000)
      nudge.unref()
      giveUp.unref()
    })
  }

  private release(force?: { id: number; resolve: () => void }) {
    this.waiters = this.waiters.filter((w) => {
      if (w !== force && w.id > this.position) return true
      w.resolve()
      return false
    })
  }

  private up = true
  private health(up: boolean) {
    if (up === this.up) return
    this.up = up
    if (up) this.stats.lastError = ''
    this.o.onHealth?.(up)
  }

  private fail(e: unknown) {
    this.stats.errors++
    this.health(false)
    const msg = describeError(e)
    if (msg !== this.stats.lastError) console.error(`change log: read failed (${msg}); retrying`)
    this.stats.lastError = msg
  }

  private async listen() {
    if (this.stopped) return
    const client = new pg.Client({ connectionString: this.o.url })
    const retry = () => {
      if (this.listener !== client) return
      this.listener = null
      this.stats.listening = false
      client.end().catch(() => {})
      if (this.stopped) return
      const t = setTimeout(() => void this.listen(), this.reconnectMs)
      this.timers.push(t)
      this.reconnectMs = Math.min(this.reconnectMs * 2, 5_000)
    }
    client.on('error', retry)
    client.on('end', retry)
    client.on('notification', () => void this.wake())
    this.listener = client
    try {
      await client.connect()
      await client.query(`listen ${LOG_CHANNEL}`)
      this.stats.listening = true
      this.reconnectMs = 250
      void this.wake() // whatever committed while not listening
    } catch (e) {
      this.fail(e)
      retry()
    }
  }

  private async prune() {
    const hours = this.o.retentionHours ?? 24
    try {
      await this.o.db.execute(sql`delete from change_log where at < now() - make_interval(hours => ${hours})`)
    } catch (e) {
      this.fail(e)
    }
  }

  async stop() {
    this.stopped = true
    for (const w of this.waiters.splice(0)) w.resolve()
    for (const t of this.timers) clearTimeout(t)
    const l = this.listener
    this.listener = null
    await l?.end().catch(() => {})
    await this.reading
  }
}
