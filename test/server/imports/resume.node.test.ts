/**
 * kill -9 in the middle of a ledger import: what was stored is exactly what the import says it
 * has done (each batch commits with its progress), and a node started again resumes where it
 * stopped, by itself, and stores every row once.
 */
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../../db/client'
import type { ImportView } from '../../../server/store/imports'
import { api, loginHeaders } from '../../helpers/app'
import { COUNTY, sharedDb } from '../../helpers/cluster'
import { freePort, startServerProcess } from '../../helpers/processes'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe('a ledger import killed half way', () => {
  it('resumes on the next start and stores every row exactly once', { timeout: 180_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    await shared.accounts.createUser({ username: 'importer', displayName: '导入管理员', role: 'admin', regionCode: COUNTY, password: 'importer-password' })
    const names = await queryRows<{ name: string }>(shared.db.db, sql`select name from regions where level = 'community' and code like '140825%' group by name having count(*) = 1 order by name limit 30`)
    const N = 30_000
    const lines = ['受理编号,登记时间,所属村社区,纠纷类别,事由,办结时间']
    for (let i = 0; i < N; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0')
      const month = String(1 + (i % 12)).padStart(2, '0')
      lines.push(`K-${i},2024-${month}-${day} 09:00,${names[i % names.length]!.name},邻里纠纷,第${i}件,${i % 2 ? `2024-${month}-${day} 17:00` : ''}`)
    }
    const file = Buffer.from(lines.join('\n'))
    const stored = async () => Number((await queryRows<{ n: string }>(shared.db.db, sql`select count(*) as n from cases where external_id like 'K-%'`))[0]!.n)
    const progress = async () => (await queryRows<{ status: string; done: number; inserted: number }>(shared.db.db, sql`select status, done, inserted from imports order by id desc limit 1`))[0]!

    const first = await startServerProcess({ databaseUrl: shared.db.url, port: await freePort() })
    cleanups.push(() => first.kill('SIGTERM'))
    const as = await loginHeaders(first.url, 'importer', 'importer-password')
    const res = await fetch(`${first.url}/api/v1/imports?dryRun=false&zone=Asia/Shanghai&name=${encodeURIComponent('台账.csv')}`, { method: 'POST', headers: { ...as, 'content-type': 'text/csv' }, body: file })
    expect(res.status).toBe(202)
    const started = (await res.json()) as ImportView
    expect(started.total).toBe(N)
    // Killed once some batches are in.
    for (let i = 0; i < 600 && (await progress()).done < 3_000; i++) await new Promise((r) => setTimeout(r, 50))
    await first.kill('SIGKILL')
    const atKill = await progress()
    expect(atKill.status).toBe('running')
    expect(atKill.done).toBeGreaterThan(0)
    expect(atKill.done).toBeLessThan(N)
    // What is stored is exactly what the import says it has done: no batch half in.
    expect(await stored()).toBe(atKill.done)

    const second = await startServerProcess({ databaseUrl: shared.db.url, port: await freePort() })
    cleanups.push(() => second.kill('SIGTERM'))
    const as2 = await loginHeaders(second.url, 'importer', 'importer-password')
    let v: ImportView | null = null
    for (let i = 0; i < 600; i++) {
      v = (await api<ImportView>(second.url, 'GET', `/api/v1/imports/${started.id}`, undefined, undefined, as2)).body
      if (v.status !== 'running') break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(v).toMatchObject({ status: 'done', total: N, done: N, inserted: N, existing: 0 })
    expect(await stored()).toBe(N)
  })
})
