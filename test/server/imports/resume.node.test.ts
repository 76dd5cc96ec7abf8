/**
 * A 100,000-row ledger (.xlsx, made here): checked first (a dry run, no case stored), then
 * imported on a server process that is killed -9 in the middle. What was stored is exactly what
 * the import says it has done (each batch commits with its progress), and a node started again
 * resumes where it stopped, by itself, and stores every row once.
 */
import ExcelJS from 'exceljs'
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

describe('a 100,000-row ledger import killed half way', () => {
  it('is checked first, then resumes on the next start and stores every row exactly once', { timeout: 400_000 }, async () => {
    const shared = await sharedDb()
    cleanups.push(() => shared.db.close())
    await shared.accounts.createUser({ username: 'importer', displayName: '导入管理员', role: 'admin', regionCode: COUNTY, password: 'importer-password' })
    const names = await queryRows<{ name: string }>(shared.db.db, sql`select name from regions where level = 'community' and code like '140825%' group by name having count(*) = 1 order by name limit 30`)
    const N = 100_000
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('台账')
    ws.addRow(['受理编号', '登记时间', '所属村社区', '纠纷类别', '事由', '办结时间'])
    for (let i = 0; i < N; i++) {
      const accepted = new Date(Date.UTC(2023, 0, 1 + (i % 700), 9, i % 60))
      ws.addRow([`K-${i}`, accepted, names[i % names.length]!.name, '邻里纠纷', `第${i}件`, i % 2 ? new Date(+accepted + 8 * 3_600_000) : null])
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer())
    const stored = async () => Number((await queryRows<{ n: string }>(shared.db.db, sql`select count(*) as n from cases where external_id like 'K-%'`))[0]!.n)
    const progress = async () => (await queryRows<{ status: string; done: number; inserted: number }>(shared.db.db, sql`select status, done, inserted from imports order by id desc limit 1`))[0]!

    const first = await startServerProcess({ databaseUrl: shared.db.url, port: await freePort() })
    cleanups.push(() => first.kill('SIGTERM'))
    const as = await loginHeaders(first.url, 'importer', 'importer-password')
    // The dry run first: every row good, nothing stored.
    const check = await fetch(`${first.url}/api/v1/imports?zone=Asia/Shanghai&name=${encodeURIComponent('台账.xlsx')}`, { method: 'POST', headers: { ...as, 'content-type': 'application/octet-stream' }, body: file })
    expect(check.status).toBe(200)
    const checked = (await check.json()) as ImportView
    expect(checked).toMatchObject({ status: 'checked', total: N, problemCount: 0 })
    expect(await stored()).toBe(0)
    const res = await fetch(`${first.url}/api/v1/imports/${checked.id}/start`, { method: 'POST', headers: as })
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
    for (let i = 0; i < 3_000; i++) {
      v = (await api<ImportView>(second.url, 'GET', `/api/v1/imports/${started.id}`, undefined, undefined, as2)).body
      if (v.status !== 'running') break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(v).toMatchObject({ status: 'done', total: N, done: N, inserted: N, existing: 0 })
    expect(await stored()).toBe(N)
  })
})
