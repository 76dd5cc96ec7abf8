import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import * as schema from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export interface DbHandle {
  db: Db
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * PostgreSQL when a URL is given, otherwise embedded PGlite in `dataDir` (or in memory when
 * `dataDir` is 'memory://'). Both get the same schema and the same migrations.
 */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg')
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const { migrate } = await import('drizzle-orm/node-postgres/migrator')
    // Times are stored as timestamptz; days are cut in the county's zone, whatever the server's.
    // Parallel query made aggregates 2–3× slower on a 2-core host.
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, options: '-c timezone=Asia/Shanghai -c max_parallel_workers_per_gather=0' })
    const db = drizzle({ client: pool, schema }) as unknown as Db
    await migrate(db as never, { migrationsFolder })
    return { db, kind: 'postgres', close: () => pool.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  const dataDir = opts.dataDir ?? './data/pglite'
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir)
  await client.exec(`set time zone 'Asia/Shanghai'`)
  const db = drizzle({ client, schema }) as unknown as Db
  await migrate(db as never, { migrationsFolder })
  return { db, kind: 'pglite', close: () => client.close() }
}

/** Rows of a raw SQL query on either engine (both drivers answer with `{ rows }`). */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}
