/**
 * 台账导入 at scale: a 100,000-row ledger (.xlsx, made here) checked and imported on the embedded
 * PostgreSQL (fsync on), while a wall (headless Chromium, 1920×1080) shows the county. Reports
 * rows a second and the wall's frames: the same wall, the same seconds, idle and then during the
 * import, in one run.
 *   npx vite build && npx tsx bench/ledgerImport.ts [--rows 100000] [--seconds 8]
 */
import { execFileSync, spawn } from 'node:child_process'
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
/** `--profile 1`: the wall's CPU profile during the import, its top functions by self time. */
const profileWall = arg('profile', 0) !== 0
/**
 * `--pin 1`: the server and its PostgreSQL on the first core, the wall's Chromium on the second,
 * as in a centre, where the wall's own computer draws it (needs `taskset`, util-linux).
 */
const pin = arg('pin', 0) !== 0
/** Every process under `root` (this one's children, theirs ...), with its command name. */
const tree = (root: number): { pid: number; comm: string }[] => {
  const all = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([pid, ppid, comm]) => ({ pid: +pid!, ppid: +ppid!, comm: comm! }))
  const out: { pid: number; comm: string }[] = []
  const walk = (p: number) => { for (const c of all.filter((x) => x.ppid === p)) { out.push(c); walk(c.pid) } }
  walk(root)
  return out
}
const pinTo = (pids: number[], cpu: number) => { for (const p of pids) execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(p)], { stdio: 'ignore' }) }
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
if (pin) {
  const under = tree(process.pid)
  pinTo([process.pid, ...under.filter((p) => !p.comm.startsWith('chrom')).map((p) => p.pid)], 0)
  pinTo(under.filter((p) => p.comm.startsWith('chrom')).map((p) => p.pid), 1)
}
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
// With --pin: the same wall while the server's core spins and nothing is sent (what the other core's load alone costs it).
let busyCore: { fps: number; maxGap: number } | null = null
if (pin) {
  const hog = spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' })
  busyCore = await frames()
  hog.kill()
}

const c0 = Date.now()
const checked = (await (await fetch(`${base}/api/v1/imports?zone=Asia/Shanghai&name=bench.xlsx`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: file })).json()) as ImportView
const checkMs = Date.now() - c0
const s0 = Date.now()
const cdp = profileWall && page ? await page.context().newCDPSession(page) : null
if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start') }
const wsCdp = arg('trace', 0) && page ? await page.context().newCDPSession(page) : null
const received = new Map<string, { n: number; bytes: number }>()
if (wsCdp) {
  await wsCdp.send('Network.enable')
  wsCdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string } }) => {
    const name = /^\d+\["([^"]+)"/.exec(e.response.payloadData)?.[1] ?? e.response.payloadData.slice(0, 8)
    const r = received.get(name) ?? { n: 0, bytes: 0 }
    r.n++
    r.bytes += e.response.payloadData.length
    received.set(name, r)
  })
}
if (arg('trace', 0) && browser && page) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] })
await fetch(`${base}/api/v1/imports/${checked.id}/start`, { method: 'POST', headers: auth })
const during = await frames()
if (arg('trace', 0) && browser) {
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { name?: string } }[] }
  const threads = new Map(traceEvents.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '']))
  const by = new Map<string, number>()
  for (const e of traceEvents) if (e.ph === 'X' && e.dur) { const k = `${threads.get(`${e.pid}:${e.tid}`)} ${e.name}`; by.set(k, (by.get(k) ?? 0) + e.dur) }
  for (const [k, us] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
  const long = traceEvents.filter((e) => e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) > 50_000 && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain')
  console.log('the wall received:', [...received].map(([k, v]) => `${k} ×${v.n} ${(v.bytes / 1024).toFixed(0)} KB`).join('; '))
  console.log('long tasks on the main thread:', long.map((e) => Math.round(e.dur! / 1000)).join(', '))
}
if (cdp) {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] } }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}:${f.columnNumber}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
}
// Then every frame until the import ends: the whole import as the room saw it.
await page?.evaluate(`(() => {
  const f = (window.__frames = { n: 0, maxGap: 0, t0: performance.now(), last: performance.now(), stop: false })
  requestAnimationFrame(function step(t) {
    f.n++
    f.maxGap = Math.max(f.maxGap, t - f.last)
    f.last = t
    if (!f.stop) requestAnimationFrame(step)
  })
})()`)
let v: ImportView
for (;;) {
  v = (await (await fetch(`${base}/api/v1/imports/${checked.id}`, { headers: auth })).json()) as ImportView
  if (v.status !== 'running') break
  await new Promise((r) => setTimeout(r, 200))
}
const importMs = Date.now() - s0
const whole = !page ? { fps: 0, maxGap: 0 } : ((await page.evaluate(`(() => { const f = window.__frames; f.stop = true; return { fps: Math.round(f.n / ((f.last - f.t0) / 1000)), maxGap: Math.round(f.maxGap) } })()`)) as { fps: number; maxGap: number })
const wallCases = (await page?.getByTestId('quarter-accepted').innerText()) ?? '—'
await browser?.close()
await app.close()
await handle.close()

report(`ledger import (${rows.toLocaleString("en")} rows, .xlsx ${(file.length / 2 ** 20).toFixed(1)} MB, ${handle.label}${pin ? "; server on core 0, wall on core 1" : ""})`, {
  'made the file': `${(madeMs / 1000).toFixed(1)} s`,
  'check (dry run: read, every row checked, kept)': `${(checkMs / 1000).toFixed(1)} s, ${Math.round(rows / (checkMs / 1000)).toLocaleString('en')} rows/s; ${checked.problemCount} problems`,
  import: `${v.status}: ${v.inserted.toLocaleString('en')} stored in ${(importMs / 1000).toFixed(1)} s = ${Math.round(v.inserted / (importMs / 1000)).toLocaleString('en')} rows/s (target ≥ 2,000)`,
  [`wall frames, idle (${seconds} s)`]: `${idle.fps} fps, longest gap ${idle.maxGap} ms`,
  ...(busyCore ? { [`wall frames, the server's core busy, nothing sent (${seconds} s)`]: `${busyCore.fps} fps, longest gap ${busyCore.maxGap} ms` } : {}),
  [`wall frames, during the import (first ${seconds} s)`]: `${during.fps} fps, longest gap ${during.maxGap} ms`,
  'wall frames, during the rest of the import': `${whole.fps} fps, longest gap ${whole.maxGap} ms`,
  'wall after the import (本季度受理)': wallCases,
})
