/**
 * 台账导入 at scale: a 100,000-row ledger (.xlsx, made here) checked and imported on the embedded
 * PostgreSQL (fsync on), while a wall (headless Chromium, 1920×1080) shows the county. Reports
 * rows a second and the wall's frames: the same wall, the same seconds, idle and then during the
 * import, in one run.
 *   npx vite build && npx tsx bench/ledgerImport.ts [--rows 100000] [--seconds 8]
 */
import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import { queryRows } from '../db/client'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import type { ImportView } from '../server/store/imports'
import { launchChromium } from '../test/helpers/browser'
import { arg, benchDb, report } from './util'

const rows = arg('rows', 100_000)
const seconds = arg('seconds', 8)
/** `--wall 0`: no wall (the import alone). */
const withWall = arg('wall', 1) !== 0
const handle = await benchDb('bench_ledger')
await seedDemo(handle.db, new Date(), 825, { history: false })
const app = await createApp({ db: handle })
const port = await app.listen(0, '127.0.0.1')
const base = `http://127.0.0.1:${port}`
await app.ctx.accounts.createUser({ username: 'bench-admin', displayName: '压测管理员', role: 'admin', regionCode: app.ctx.rootCode, password: 'bench-admin-password' })
const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-admin', password: 'bench-admin-password' }) })
const auth = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken }

// The ledger: three years of cases over the county's communities, two in three resolved.
const places = await queryRows<{ name: string }>(handle.db, sql`select name from regions where level = 'community' and code like '140825%' group by name having count(*) = 1`)
const CATEGORIES = ['邻里纠纷', '婚恋家庭', '物业服务', '欠薪欠费', '环境卫生', '道路照明', '停车充电', '安全隐患', '土地承包']
const t0 = Date.now()
const wb = new ExcelJS.Workbook()
const ws = wb.addWorksheet('台账')
ws.addRow(['受理编号', '登记时间', '所属村社区', '纠纷类别', '事由', '涉及人数', '办结时间', '化解结果', '化解层级'])
for (let i = 0; i < rows; i++) {
  const accepted = new Date(Date.UTC(2022, 0, 1 + (i % 1095), 8 + (i % 10), i % 60))
  const resolved = i % 3 ? new Date(+accepted + (1 + (i % 12)) * 86_400_000) : null
  ws.addRow([`BENCH-${i}`, accepted, places[i % places.length]!.name, CATEGORIES[i % CATEGORIES.length], `第${i}件纠纷`, 1 + (i % 5), resolved, resolved ? '化解成功' : null, resolved ? '村（社区）' : null])
}
const file = Buffer.from(await wb.xlsx.writeBuffer())
const madeMs = Date.now() - t0

// A wall on the county; its frames counted by requestAnimationFrame, and the longest gap between two.
const screen = await app.ctx.accounts.createKey({ kind: 'screen', name: '压测大屏', regionCode: app.ctx.rootCode })
const browser = withWall ? await launchChromium() : null
const page = browser ? await browser.newPage({ viewport: { width: 1920, height: 1080 } }) : null
await page?.goto(`${base}/screen?rotate=0&token=${screen.secret}`)
await page?.getByTestId('today-accepted').waitFor({ timeout: 30_000 })
await page?.waitForTimeout(2000)
// As a string: the page runs it as written (no helper the bundler would add to a named function).
const frames = async () =>
  !page ? { fps: 0, maxGap: 0 } : page.evaluate(`new Promise((resolve) => {
    let n = 0, last = performance.now(), maxGap = 0
    const end = last + ${seconds * 1000}
    requestAnimationFrame(function step(t) {
      n++
      maxGap = Math.max(maxGap, t - last)
      last = t
      if (t < end) requestAnimationFrame(step)
      else resolve({ fps: Math.round(n / ${seconds}), maxGap: Math.round(maxGap) })
    })
  })`) as Promise<{ fps: number; maxGap: number }>
const idle = await frames()

const c0 = Date.now()
const checked = (await (await fetch(`${base}/api/v1/imports?zone=Asia/Shanghai&name=bench.xlsx`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: file })).json()) as ImportView
const checkMs = Date.now() - c0
const s0 = Date.now()
await fetch(`${base}/api/v1/imports/${checked.id}/start`, { method: 'POST', headers: auth })
const during = await frames()
let v: ImportView
for (;;) {
  v = (await (await fetch(`${base}/api/v1/imports/${checked.id}`, { headers: auth })).json()) as ImportView
  if (v.status !== 'running') break
  await new Promise((r) => setTimeout(r, 200))
}
const importMs = Date.now() - s0
const wallCases = (await page?.getByTestId('quarter-accepted').innerText()) ?? '—'
await browser?.close()
await app.close()
await handle.close()

report(`ledger import (${rows.toLocaleString('en')} rows, .xlsx ${(file.length / 2 ** 20).toFixed(1)} MB, ${handle.label})`, {
  'made the file': `${(madeMs / 1000).toFixed(1)} s`,
  'check (dry run: read, every row checked, kept)': `${(checkMs / 1000).toFixed(1)} s, ${Math.round(rows / (checkMs / 1000)).toLocaleString('en')} rows/s; ${checked.problemCount} problems`,
  import: `${v.status}: ${v.inserted.toLocaleString('en')} stored in ${(importMs / 1000).toFixed(1)} s = ${Math.round(v.inserted / (importMs / 1000)).toLocaleString('en')} rows/s (target ≥ 2,000)`,
  [`wall frames, idle (${seconds} s)`]: `${idle.fps} fps, longest gap ${idle.maxGap} ms`,
  [`wall frames, during the import (first ${seconds} s)`]: `${during.fps} fps, longest gap ${during.maxGap} ms`,
  'wall after the import (本季度受理)': wallCases,
})
