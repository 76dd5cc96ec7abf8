/**
 * 研判报告 and 口径对账 as a leader asks for them: the demo county with its three years of
 * history, the app over HTTP, each request timed (the review page beside them for scale). The
 * files' sizes and whether every run gave the same bytes are reported too.
 *   npx tsx bench/briefing.ts [--runs 5]
 */
import { createHash } from 'node:crypto'
import { seedDemo } from '../db/seed'
import { createApp } from '../server/app'
import { arg, benchDb, report, timeIt } from './util'

const runs = arg('runs', 5)
const handle = await benchDb('bench_briefing')
await seedDemo(handle.db, new Date(), 825, { history: true })
const app = await createApp({ db: handle })
const port = await app.listen(0, '127.0.0.1')
const base = `http://127.0.0.1:${port}`
await app.ctx.accounts.createUser({ username: 'bench-leader', displayName: '压测领导', role: 'leader', regionCode: app.ctx.rootCode, password: 'bench-leader-password' })
const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-leader', password: 'bench-leader-password' }) })
const auth = { cookie: login.headers.get('set-cookie')!.split(';')[0]! }

const q = `region=${app.ctx.rootCode}&quarter=2026Q1`
const hashes = new Map<string, Set<string>>()
const sizes = new Map<string, number>()
async function get(path: string) {
  const res = await fetch(`${base}${path}`, { headers: auth })
  if (!res.ok) throw new Error(`${path}: ${res.status}`)
  const body = Buffer.from(await res.arrayBuffer())
  hashes.set(path, (hashes.get(path) ?? new Set()).add(createHash('sha256').update(body).digest('hex')))
  sizes.set(path, body.length)
}
const review = await timeIt(() => get(`/api/v1/review?${q}`), runs)
const json = await timeIt(() => get(`/api/v1/review/briefing?${q}`), runs)
const pdf = await timeIt(() => get(`/api/v1/review/briefing.pdf?${q}`), runs)
const docx = await timeIt(() => get(`/api/v1/review/briefing.docx?${q}`), runs)
const reconcile = await timeIt(() => get(`/api/v1/reconciliation?region=${app.ctx.rootCode}`), runs)
const same = (path: string) => (hashes.get(path)!.size === 1 ? 'yes' : `no (${hashes.get(path)!.size} different)`)

report(`研判报告 and 口径对账 of the demo county (${handle.label}, ${runs} runs each)`, {
  command: `npx tsx bench/briefing.ts --runs ${runs}`,
  'review page (2026Q1) p50 ms': review.p50,
  'briefing JSON p50 ms': json.p50,
  // The first PDF draws the charts and parses the CJK font; later ones (and the .docx) reuse the charts.
  'briefing PDF, first ms': pdf.max,
  'briefing PDF p50 ms': pdf.p50,
  'briefing .docx p50 ms': docx.p50,
  'briefing .docx max ms': docx.max,
  'PDF KB': Math.round(sizes.get(`/api/v1/review/briefing.pdf?${q}`)! / 1024),
  '.docx KB': Math.round(sizes.get(`/api/v1/review/briefing.docx?${q}`)! / 1024),
  'same bytes every run (PDF, .docx)': `${same(`/api/v1/review/briefing.pdf?${q}`)}, ${same(`/api/v1/review/briefing.docx?${q}`)}`,
  '口径对账 of the county (12 figures) p50 ms': reconcile.p50,
})
await app.close()
await handle.close()
process.exit(0)
