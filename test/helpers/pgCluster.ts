import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDb } from '../../db/client'
import { startEmbedded, type Embedded } from '../../db/embedded'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's admin URL; each test file clones TEMPLATE_DB into a database of its own. */
    pgUrl: string
  }
}

export const TEMPLATE_DB = 'govscreen_template'

/** Settings for a throwaway cluster: fast, not durable (the durability tests start their own). */
export const THROWAWAY = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300', shared_buffers: '256MB' }

/**
 * Vitest's global setup: one real PostgreSQL for the run (the embedded binaries in a temporary
 * folder, or the server TEST_PG_URL names), with a migrated template database.
 */
export default async function setup(project: TestProject) {
  let cluster: Embedded | undefined
  let dir: string | undefined
  let url = process.env.TEST_PG_URL
  if (!url) {
    dir = mkdtempSync(path.join(tmpdir(), 'govscreen-test-pg-'))
    chmodSync(dir, 0o711)
    cluster = await startEmbedded({ dataDir: dir, settings: THROWAWAY })
    url = cluster.url
  }
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`)
  await admin.query(`create database ${TEMPLATE_DB}`)
  await admin.end()
  const template = await openDb({ databaseUrl: withDatabase(url, TEMPLATE_DB) })
  await template.close()
  project.provide('pgUrl', url)
  return async () => {
    await cluster?.stop(true)
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
