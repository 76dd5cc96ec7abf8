import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDb, type DbHandle } from '../../db/client'

/**
 * The database a test file runs on: embedded PGlite in memory by default, or a fresh database
 * on the PostgreSQL server named by TEST_PG_URL when TEST_DB=postgres (test/run.sh starts one).
 */
export const DB_KIND = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'

export async function freshDb(): Promise<DbHandle> {
  if (DB_KIND === 'pglite') return openDb({ dataDir: 'memory://' })
  const admin = process.env.TEST_PG_URL
  if (!admin) throw new Error('TEST_DB=postgres needs TEST_PG_URL (test/run.sh sets it)')
  const name = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${name}`
  const handle = await openDb({ databaseUrl: url.toString() })
  return {
    ...handle,
    close: async () => {
      await handle.close()
      const c = new pg.Client({ connectionString: admin })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}
