/**
 * The load side of bench/ingest.ts, in its own process so its CPU is not counted as the app's:
 * posts cases on a fixed schedule (open loop: a slow answer does not slow the schedule), or as
 * fast as CONCURRENCY callers can (RATE=0), and reports the POST's latencies.
 */
import { percentile } from './util'

const url = process.env.URL!
const key = process.env.INGEST_KEY!
const rate = Number(process.env.RATE) // cases per second; 0: as fast as possible
const seconds = Number(process.env.SECONDS)
const batch = Number(process.env.BATCH) // cases per request; 1: POST /cases
const concurrency = Number(process.env.CONCURRENCY ?? 16)

const run = process.env.RUN!
let n = 0
const body = () => {
  const one = () => ({
    externalId: `${run}-${++n}`, source: 'hotline', kind: 'dispute', category: n % 3 ? 'neighbour' : 'family', regionCode: n % 2 ? '140825400012001' : '140825100200',
    title: '楼上漏水影响楼下住户', description: '住户反映楼上卫生间漏水，多次协商未果。', peopleInvolved: 2, scale: 'individual', riskLevel: 'low',
    reportedAt: new Date(Date.now() - 60_000).toISOString(), acceptedAt: new Date().toISOString(),
  })
  return JSON.stringify(batch > 1 ? { cases: Array.from({ length: batch }, one) } : one())
}
/** FLOOR=1: GET /healthz on the same schedule instead, the harness's own latency on this machine. */
const floor = process.env.FLOOR === '1'
const path = floor ? '/healthz' : batch > 1 ? '/api/v1/cases:batch' : '/api/v1/cases'

const latencies: number[] = []
let ok = 0
let failed = 0
async function post() {
  const t0 = performance.now()
  try {
    const res = floor
      ? await fetch(url + path)
      : await fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body() })
    await res.arrayBuffer()
    if (res.status === 200 || res.status === 201) ok += batch
    else failed += batch
  } catch {
    failed += batch
  }
  latencies.push(performance.now() - t0)
}

const cpu0 = process.cpuUsage()
const start = performance.now()
const end = start + seconds * 1000
if (rate > 0) {
  const perSecond = rate / batch
  let sent = 0
  const inflight: Promise<void>[] = []
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * perSecond) - sent
    for (let i = 0; i < due; i++, sent++) inflight.push(post())
    await new Promise((r) => setTimeout(r, 2))
  }
  await Promise.all(inflight)
} else {
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) await post()
  }))
}
const elapsed = (performance.now() - start) / 1000
latencies.sort((a, b) => a - b)
const cpu = process.cpuUsage(cpu0)
process.send!({ cpuMs: (cpu.user + cpu.system) / 1000, ok, failed, elapsed, p50: +percentile(latencies, 0.5).toFixed(1), p99: +percentile(latencies, 0.99).toFixed(1), requests: latencies.length })
