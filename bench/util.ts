import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDb, type DbHandle } from '../db/client'
import pg from 'pg'

/** `--name value` from the command line, or the default. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

/** Prints one benchmark's figures as a block that can be pasted into docs/BENCHMARKS.md. */
export function report(title: string, figures: Record<string, unknown>) {
  console.log(`\n## ${title}`)
  for (const [k, v] of Object.entries(figures)) console.log(`- ${k}: ${v}`)
}

export async function timeIt<T>(fn: () => Promise<T>, runs: number): Promise<{ p50: number; p99: number; max: number; last: T }> {
  const times: number[] = []
  let last!: T
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    last = await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { p50: +percentile(times, 0.5).toFixed(1), p99: +percentile(times, 0.99).toFixed(1), max: +times[times.length - 1]!.toFixed(1), last }
}

/**
 * The default deployment's database for a benchmark: the embedded PostgreSQL (fsync on) in a
 * temporary DATA_DIR, removed on close; or a fresh database on TEST_PG_URL when that is set.
 */
export async function benchDb(name: string): Promise<DbHandle & { label: string }> {
  if (process.env.TEST_PG_URL) {
    const h = await openDb({ databaseUrl: await freshDatabase(process.env.TEST_PG_URL, name) })
    return { ...h, label: 'PostgreSQL (TEST_PG_URL)' }
  }
  const dir = mkdtempSync(path.join(tmpdir(), `govscreen-bench-${name}-`))
  chmodSync(dir, 0o711) // enterable by the server's user when run as root
  const h = await openDb({ dataDir: dir })
  return {
    ...h,
    label: 'embedded PostgreSQL',
    close: async () => {
      await h.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A new, empty database on the server at `adminUrl`; returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  await c.query(`drop database if exists ${name} with (force)`)
  await c.query(`create database ${name}`)
  await c.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * CPU time (ms) used so far by the embedded PostgreSQL of `handle` (its postmaster and every
 * backend, from /proc), or null for an outside server. Backends that ended are not counted.
 */
export function pgCpuMs(handle: DbHandle): number | null {
  const pgDir = handle.embedded?.pgDir
  if (!pgDir) return null
  const stat = (pid: string) => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ')
      return { ppid: f[1]!, ticks: Number(f[11]) + Number(f[12]) }
    } catch {
      return null
    }
  }
  const master = readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim()
  let ticks = stat(master)?.ticks ?? 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const s = stat(pid)
    if (s?.ppid === master) ticks += s.ticks
  }
  return (ticks * 1000) / 100 // USER_HZ
}
