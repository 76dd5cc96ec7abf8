/** The subscriber side of bench/realtime.ts, in its own process so it does not share the server's loop. */
import { io, type Socket } from 'socket.io-client'
import { isoLocal } from '../server/domain/time'
import { percentile } from './util'

const url = process.env.URL!
const n = Number(process.env.CLIENTS)
const rate = Number(process.env.RATE)
const seconds = Number(process.env.SECONDS)

const latencies: number[] = []
const warmup = rate * 2
let received = 0
let frames = 0
const sockets: Socket[] = []
await Promise.all(
  Array.from({ length: n }, async () => {
    const s = io(url, { transports: ['websocket'], forceNew: true, auth: { token: process.env.SCREEN_TOKEN } })
    sockets.push(s)
    await new Promise<void>((r) => s.once('connect', () => r()))
    const ack = await s.timeout(30_000).emitWithAck('screen:subscribe', { region: '140825000000' })
    if (!ack.ok) throw new Error('subscribe refused')
    // A stream's events come in frames (stream:batch), each holding the events of one tick.
    s.on('stream:batch', (b: { events: { event: string; data: { case?: { externalId: string } } }[] }) => {
      frames++
      const now = performance.timeOrigin + performance.now()
      for (const e of b.events) {
        if (e.event !== 'case:created') continue
        received++
        const [, sentAt, k] = e.data.case!.externalId.split('-')
        // The first seconds warm up the JIT and open connections: counted, not measured.
        if (Number(k) > warmup) latencies.push(now - Number(sentAt))
      }
    })
  }),
)

const total = rate * seconds
let posted = 0
let failed = 0
const rtts: number[] = []
const start = performance.now()
await new Promise<void>((done) => {
  const timer = setInterval(async () => {
    // Keep the schedule: post as many as are due now.
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate)) - posted
    for (let i = 0; i < due; i++) {
      const k = ++posted
      const sent = performance.timeOrigin + performance.now()
      fetch(`${url}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.INGEST_KEY}` },
        body: JSON.stringify({
          externalId: `B-${sent}-${k}`, source: 'hotline', kind: 'dispute', category: 'neighbour', regionCode: '140825400012',
          title: '压测案件', reportedAt: isoLocal(Date.now() - 60_000), acceptedAt: isoLocal(Date.now()),
        }),
      }).then(
        (r) => {
          if (k > warmup) rtts.push(performance.timeOrigin + performance.now() - sent)
          if (!r.ok) failed++
        },
        () => failed++,
      )
    }
    if (posted >= total) {
      clearInterval(timer)
      done()
    }
  }, 5)
})
const deadline = Date.now() + 10_000
while (received < total * n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
const elapsed = (performance.now() - start) / 1000
latencies.sort((a, b) => a - b)
rtts.sort((a, b) => a - b)
process.send!({
  'posted': posted,
  'failed posts': failed,
  'deliveries expected': total * n,
  'deliveries received': received,
  'latency p50 ms': +percentile(latencies, 0.5).toFixed(1),
  'latency p99 ms': +percentile(latencies, 0.99).toFixed(1),
  'latency max ms': +latencies[latencies.length - 1]!.toFixed(1),
  'seconds': +elapsed.toFixed(1),
  'frames per wall per second': +(frames / n / elapsed).toFixed(1),
  'POST round trip p50 ms': +percentile(rtts, 0.5).toFixed(1),
  'POST round trip p99 ms': +percentile(rtts, 0.99).toFixed(1),
})
for (const s of sockets) s.disconnect()
process.exit(0)
