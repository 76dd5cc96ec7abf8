import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed'
import { createApp, type App } from '../../server/app'
import { CaseCreate } from '../../server/contract'
import { COMMUNITY, newCase } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { freshDb } from '../helpers/db'
import { ARTIFACTS } from '../helpers/wall'
import { sharedDb } from '../helpers/cluster'
import { freePort, startServerProcess } from '../helpers/processes'

let db: Awaited<ReturnType<typeof freshDb>>
let app: App
let port: number
let browser: Browser
let token: string
beforeAll(async () => {
  db = await freshDb()
  await seedDemo(db.db, new Date(), 825, { history: true })
  app = await createApp({ db: db, coalesceMs: 20, rulesPollMs: 0 })
  port = await app.listen(0, '127.0.0.1')
  token = (await app.ctx.accounts.createKey({ kind: 'screen', name: '大厅主屏', regionCode: app.ctx.rootCode })).secret
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await db?.close()
})

describe('the wall through a server outage', () => {
  it('shows the outage within 5 s, then catches up with what happened while the server was away', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`http://127.0.0.1:${port}/screen?rotate=0&token=${token}`)
    await page.getByTestId('today-accepted').waitFor()
    await expect.poll(() => page.getByTestId('connection').getAttribute('class'), { timeout: 10_000 }).toContain('connected')
    const before = Number(await page.getByTestId('today-accepted').innerText())

    // The server goes away entirely.
    const cutAt = Date.now()
    app.http.closeAllConnections()
    await app.close()
    await page.getByTestId('disconnected-banner').waitFor({ timeout: 5_000 })
    expect(Date.now() - cutAt).toBeLessThan(5_000)
    expect(await page.getByTestId('disconnected-banner').innerText()).toMatch(/连接中断 · 数据截至 \d\d:\d\d:\d\d/)
    await expect.poll(() => page.locator('[data-stale="true"]').count()).toBeGreaterThan(0)
    await page.screenshot({ path: `${ARTIFACTS}/wall-outage.png` })

    // While it is away a case is recorded (by the next process, before it listens): the wall missed its event.
    app = await createApp({ db: db, coalesceMs: 20, rulesPollMs: 0 })
    const now = new Date()
    const missed = await app.ctx.stores.cases.create(CaseCreate.parse(newCase({ regionCode: COMMUNITY, title: '停电期间登记的案件', reportedAt: new Date(+now - 60_000).toISOString(), acceptedAt: now.toISOString() })))
    await app.listen(port, '127.0.0.1')

    // Back: the banner goes, panels clear, and the replay from the log brings what was missed.
    await page.getByTestId('disconnected-banner').waitFor({ state: 'detached', timeout: 30_000 })
    await expect.poll(() => page.locator('[data-stale="true"]').count(), { timeout: 5_000 }).toBe(0)
    await expect.poll(() => page.getByTestId('today-accepted').innerText(), { timeout: 5_000 }).toBe(String(before + 1))
    await expect.poll(() => page.locator(`[data-testid="case-feed"] [data-case-id="${missed.row.id}"]`).count()).toBe(1)
    await page.close()
  })

  it('shows a frozen server (SIGSTOP) within 5 s, counts the time down, and is live again when it thaws', { timeout: 90_000 }, async () => {
    const shared = await sharedDb()
    const node = await startServerProcess({ databaseUrl: shared.db.url, port: await freePort() })
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
      await page.goto(`${node.url}/screen?rotate=0&token=${shared.screen}`)
      await expect.poll(() => page.getByTestId('connection').getAttribute('class'), { timeout: 15_000 }).toContain('connected')
      // Frozen, not gone: the connection stays open and says nothing. Only the heartbeat can tell.
      const frozenAt = Date.now()
      node.child.kill('SIGSTOP')
      await page.getByTestId('disconnected-banner').waitFor({ timeout: 8_000 })
      expect(Date.now() - frozenAt).toBeLessThanOrEqual(5_000)
      expect(await page.getByTestId('connection').getAttribute('class')).toContain('disconnected')
      await expect.poll(() => page.getByTestId('disconnected-for').innerText(), { timeout: 5_000 }).toMatch(/已中断 [2-9] 秒，正在重连/)
      await page.screenshot({ path: `${ARTIFACTS}/wall-frozen-server.png` })
      node.child.kill('SIGCONT')
      await page.getByTestId('disconnected-banner').waitFor({ state: 'detached', timeout: 20_000 })
      expect(await page.getByTestId('connection').getAttribute('class')).toContain('connected')
      await page.close()
    } finally {
      node.child.kill('SIGCONT')
      await node.kill()
      await shared.db.close()
    }
  })
})
