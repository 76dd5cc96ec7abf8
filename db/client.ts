import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { startEmbedded, type Embedded, type EmbeddedOptions } from './embedded'
import * as schema from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface DbHandle {
  db: Db
  pool: pg.Pool
  url: string
  /** 'embedded': the PostgreSQL in DATA_DIR, started (or found running) by this process. */
  kind: 'embedded' | 'external'
  embedded?: Embedded
  close(): Promise<void>
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Any number for pg_advisory_lock, the same in every process: migrations run one process at a time. */
const MIGRATION_LOCK = 8_250_001

/**
 * One engine, one driver: PostgreSQL through `pg`. With a URL, that server (15+); without one,
 * the embedded PostgreSQL in `dataDir` (see embedded.ts). Migrations are applied either way.
 */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string; embedded?: Omit<EmbeddedOptions, 'dataDir'>; max?: number }): Promise<DbHandle> {
  const embedded = opts.databaseUrl ? undefined : await startEmbedded({ dataDir: opts.dataDir ?? './data', ...opts.embedded })
  const url = opts.databaseUrl ?? embedded!.url
  try {
    await migrateOnce(url)
  } catch (e) {
    await embedded?.stop()
    throw e
  }
  const pool = createPool(url, opts.max)
  const db = drizzle({ client: pool, schema }) as unknown as Db
  return {
    db,
    pool,
    url,
    kind: embedded ? 'embedded' : 'external',
    embedded,
    close: async () => {
      await pool.end()
      await embedded?.stop()
    },
  }
}

/**
 * A pool whose connections live in the county's zone. An idle connection that breaks (the
 * server restarted) is an `'error'` event: logged, never fatal; the pool opens a new one.
 */
export function createPool(url: string, max = 10): pg.Pool {
  // Times are stored as timestamptz; days are cut in the county's zone, whatever the server's.
  // Parallel query made aggregates 2–3× slower on a 2-core host.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, options: '-c timezone=Asia/Shanghai -c max_parallel_workers_per_gather=0' })
  const lost = (e: Error) => console.error(`database: connection lost (${(e as { code?: string }).code ?? e.message})`)
  pool.on('error', lost)
  // The pool listens for errors only on idle connections: one checked out (a transaction between
  // statements) whose server goes away would emit an 'error' nobody hears, and end the process.
  // Its query fails on its own; the pool drops the broken connection when it comes back.
  pool.on('connect', (client) => client.on('error', lost))
  return pool
}

async function migrateOnce(url: string) {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=Asia/Shanghai' })
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migrate(drizzle({ client, schema }), { migrationsFolder })
  } finally {
    await client.end()
  }
}

/**
 * Rows of a raw SQL query run as a named prepared statement: each connection parses and plans it
 * once and then reuses the plan (a long statement's planning can cost more than running it). The
 * text must be the same on every call under one name; only the parameters change.
 */
export async function queryPrepared<T>(db: Db | Tx, name: string, query: SQL): Promise<T[]> {
  const inner = db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } }; session: { client: pg.Pool | pg.PoolClient } }
  const { sql: text, params } = inner.dialect.sqlToQuery(query)
  return (await inner.session.client.query<T & pg.QueryResultRow>({ name, text, values: params })).rows
}

/** Rows of a raw SQL query. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}
