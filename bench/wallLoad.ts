/**
 * What a wall costs to open: the JavaScript /screen loads (gzip, as served over the intranet)
 * and the time from navigation to the first numbers on screen, on localhost.
 *   npx tsx bench/wallLoad.ts [--runs 10]
 */
import { gzipSync } from 'node:zlib'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { launchChromium } from '../test/helpers/browser'
import { benchDb, arg, percentile, report } from './util'

const runs = arg('runs', 10)
const handle = await benchDb('bench_wall')
await seedDemo(handle.db, new Date(), 825, { history: true })
const app = await createApp({ db: handle })
const port = await app.listen(0, '127.0.0.1')
const screen = await app.ctx.accounts.createKey({ kind: 'screen', name: '压测大屏', regionCode: app.ctx.rootCode })
const url = `http://127.0.0.1:${port}/screen?rotate=0&token=${screen.secret}`
const browser = await launchChromium()

const js = new Map<string, number>()
const times: number[] = []
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  if (i === 0) {
    page.on('response', async (r) => {
      if (r.url().endsWith('.js')) js.set(r.url(), gzipSync(await r.body()).length)
    })
  }
  const t0 = Date.now()
  await page.goto(url)
  // Data on screen: the first headline number is drawn with a value.
  await page.waitForFunction(`/^\\d+$/.test(document.querySelector('[data-testid="today-accepted"]')?.textContent ?? '')`, undefined, { timeout: 30_000 })
  times.push(Date.now() - t0)
  await context.close()
}
await browser.close()
await app.close()
await handle.close()

times.sort((a, b) => a - b)
const total = [...js.values()].reduce((s, n) => s + n, 0)
report('wall load (/screen, 1920×1080, localhost)', {
  'JavaScript loaded by /screen (gzip)': `${(total / 1024).toFixed(1)} KB in ${js.size} files (target ≤ 450 KB)`,
  files: [...js].map(([u, n]) => `${u.split('/').pop()} ${(n / 1024).toFixed(1)} KB`).join(', '),
  [`navigation → numbers on screen (${runs} fresh contexts)`]: `p50 ${percentile(times, 0.5)} ms, max ${times[times.length - 1]} ms (target ≤ 2000 ms)`,
})
