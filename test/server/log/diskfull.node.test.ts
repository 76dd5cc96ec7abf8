import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statfsSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { COUNTY } from '../../helpers/cluster'
import { freePort, runScript, startServerProcess } from '../../helpers/processes'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

/** A small disk of its own: a tmpfs mounted for the test (needs root, as the machines here run). */
function smallDisk(): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'govscreen-disk-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=160m,mode=0711', 'tmpfs', dir])
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    return null
  }
  cleanups.push(() => {
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

const disk = smallDisk()
if (!disk) console.warn('\n!!! SKIPPED the disk-full test: mounting a tmpfs needs root (mount -t tmpfs)\n')

describe.skipIf(!disk)('the embedded database\'s disk full', () => {
  it('writes get 503 naming the full disk, reads and /healthz answer, and writes work again once space is freed', { timeout: 180_000 }, async () => {
    // The default deployment: no DATABASE_URL, the embedded PostgreSQL in DATA_DIR.
    const env = { DATA_DIR: disk!, DATABASE_URL: '' }
    const node = await startServerProcess({ databaseUrl: '', port: await freePort(), env })
    cleanups.push(() => node.kill('SIGTERM'))
    const made = await runScript('server/cli/keys.ts', ['create', '--source', 'hotline', '--region', COUNTY], env)
    const key = /gsk_[A-Za-z0-9_-]+/.exec(made)![0]
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    let n = 0
    const batch = () =>
      fetch(`${node.url}/api/v1/cases:batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ cases: Array.from({ length: 1000 }, () => ({ externalId: `D-${++n}`, source: 'hotline', kind: 'dispute', category: 'neighbour', regionCode: '140825400012', title: '磁盘写满时登记的纠纷', description: '详情'.repeat(500), reportedAt: '2026-11-26T09:00:00+08:00' })) }),
      })

    // Fill the disk but for half a megabyte, then write until PostgreSQL cannot extend a file.
    const filler = path.join(disk!, 'filler')
    const { bavail, bsize } = statfsSync(disk!)
    execFileSync('fallocate', ['-l', String(bavail * bsize - 512 * 1024), filler])
    let refused: Response | null = null
    for (let i = 0; i < 20 && !refused; i++) {
      const res = await batch()
      if (res.status === 503) refused = res
      else expect(res.status).toBe(200)
    }
    expect(refused).not.toBe(null)
    expect(refused!.headers.get('retry-after')).toBe('5')
    expect(await refused!.json()).toMatchObject({ error: 'unavailable', issues: [{ field: '(database)', reason: 'disk_full' }] })
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${node.url}/api/v1/snapshot?region=${COUNTY}`, { headers })).status).toBe(200)

    unlinkSync(filler)
    const again = await batch()
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ created: 1000, failed: 0 })
    expect(node.output()).not.toContain('磁盘写满时登记的纠纷')
  })
})
