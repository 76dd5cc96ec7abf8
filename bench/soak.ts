/**
 * The wall left running: Chromium shows /screen while the simulator writes 20 changes a second.
 * Every `--sample` seconds: JS heap after a forced GC, DOM nodes, event listeners, ECharts
 * instances, and the frame times since the last sample. After `--warmup` minutes the heap may
 * grow at most 10 %, node and instance counts must stay constant, frame time p95 ≤ 16.7 ms.
 *   npm run bench:soak -- [--minutes 30] [--rate 20] [--sample 30] [--warmup 5]
 */
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { DEMO_SCREEN_TOKEN, DEMO_USERS, ensureDemoScreen, ensureDemoUsers, simulatorKeys } from '../server/auth/bootstrap'
import { Simulator } from '../server/simulator'
import { launchChromium } from '../test/helpers/browser'
import { benchDb, arg, percentile, report } from './util'

const minutes = arg('minutes', 30)
const rate = arg('rate', 20)
const sampleS = arg('sample', 30)
const warmupMin = arg('warmup', 5)

const handle = await benchDb('bench_wall')
await seedDemo(handle.db, new Date(), 825, { history: true })
const app = await createApp({ db: handle })
const port = await app.listen(0, '127.0.0.1')
await ensureDemoUsers(app.ctx.accounts, app.ctx.registry)
await ensureDemoScreen(app.ctx.accounts, app.ctx.rootCode)
const keys = await simulatorKeys(app.ctx.accounts, app.ctx.rootCode, Simulator.SOURCES)
const sim = new Simulator({ baseUrl: `http://127.0.0.1:${port}`, rate, seed: 7, keys: keys.secrets, account: DEMO_USERS[0] })
sim.start()

const browser = await launchChromium()
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
const cdp = await page.context().newCDPSession(page)
await cdp.send('Performance.enable')
await page.goto(`http://127.0.0.1:${port}/screen?rotate=20&token=${DEMO_SCREEN_TOKEN}`)
await page.getByTestId('today-accepted').waitFor({ timeout: 30_000 })
// Frame intervals, kept in a bounded array the bench drains at each sample.
// (A string, not a function: the TypeScript runner's helpers do not exist in the page.)
await page.evaluate(`(() => {
  window.__frames = []
  let last = performance.now()
  const loop = (t) => {
    if (window.__frames.length < 20000) window.__frames.push(t - last)
    last = t
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
})()`)

interface Sample { min: number; heapMB: number; nodes: number; listeners: number; charts: number; frameP95: number; frameP50: number; frames: number }
const samples: Sample[] = []
const start = Date.now()
while (Date.now() - start < minutes * 60_000) {
  await new Promise((r) => setTimeout(r, sampleS * 1000))
  const frames = ((await page.evaluate('(() => { const f = window.__frames; window.__frames = []; return f })()')) as number[]).sort((a, b) => a - b)
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]))
  const charts = (await page.evaluate(`document.querySelectorAll('[_echarts_instance_]').length`)) as number
  const s: Sample = {
    min: +((Date.now() - start) / 60_000).toFixed(1),
    heapMB: +(m.JSHeapUsedSize! / 2 ** 20).toFixed(2),
    nodes: m.Nodes!,
    listeners: m.JSEventListeners!,
    charts,
    frameP50: +percentile(frames, 0.5).toFixed(1),
    frameP95: +percentile(frames, 0.95).toFixed(1),
    frames: frames.length,
  }
  samples.push(s)
  console.log(JSON.stringify(s))
}

sim.stop()
await browser.close()
await app.close()
await handle.close()

const after = samples.filter((s) => s.min >= warmupMin)
const base = after[0] ?? samples[0]!
const last = samples[samples.length - 1]!
const maxOf = (k: keyof Sample) => Math.max(...after.map((s) => s[k]))
const minOf = (k: keyof Sample) => Math.min(...after.map((s) => s[k]))
// Single samples jitter by ±10 % (what a forced GC leaves); compare the medians of the first and
// last thirds after warm-up instead.
const third = Math.max(1, Math.floor(after.length / 3))
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 0.5)
const early = median(after.slice(0, third).map((s) => s.heapMB))
const late = median(after.slice(-third).map((s) => s.heapMB))
const heapGrowth = ((late - early) / early) * 100
const allFrames95 = after.map((s) => s.frameP95).sort((a, b) => a - b)
report(`wall soak: ${minutes} min at ${rate} changes/s, 1920×1080, rotation every 20 s`, {
  'JS heap after GC, median of first → last third after warm-up': `${early} MB → ${late} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} %, target ≤ +10 %)`,
  'JS heap, first sample after warm-up → last sample': `${base.heapMB} MB → ${last.heapMB} MB`,
  'heap min / max after warm-up': `${minOf('heapMB')} / ${maxOf('heapMB')} MB`,
  'DOM nodes after warm-up (min / max)': `${minOf('nodes')} / ${maxOf('nodes')}`,
  'JS event listeners (min / max)': `${minOf('listeners')} / ${maxOf('listeners')}`,
  'ECharts instances (min / max)': `${minOf('charts')} / ${maxOf('charts')}`,
  'frame time p95 per sample (median / worst)': `${percentile(allFrames95, 0.5)} / ${allFrames95[allFrames95.length - 1]} ms (target ≤ 16.7 ms)`,
  samples: samples.length,
})
