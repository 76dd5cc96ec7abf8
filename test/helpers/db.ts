import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { openDb, type DbHandle } from '../../db/client'
import { TEMPLATE_DB, withDatabase } from './pgCluster'

/** The run's PostgreSQL (test/helpers/pgCluster.ts starts it). */
export const pgUrl = () => inject('pgUrl')

/** An empty, migrated database of its own on the run's PostgreSQL, cloned from the template; dropped on close. */
export async function freshDb(opts: { max?: number; admin?: string } = {}): Promise<DbHandle> {
  const admin = opts.admin ?? pgUrl()
  const name = await createDatabase(admin)
  const handle = await openDb({ databaseUrl: withDatabase(admin, name), max: opts.max })
  return {
    ...handle,
    close: async () => {
      await handle.close()
      await adminQuery(admin, `drop database if exists ${name} with (force)`)
    },
  }
}

/** A new database cloned from the migrated template; returns its name. */
export async function createDatabase(admin: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`
  // The run's server has the migrated template; another server (a test's own cluster) migrates on open.
  await adminQuery(admin, admin === inject('pgUrl') ? `create database ${name} template ${TEMPLATE_DB}` : `create database ${name}`)
  return name
}

async function adminQuery(url: string, text: string) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(text)
  } finally {
    await c.end()
  }
}
