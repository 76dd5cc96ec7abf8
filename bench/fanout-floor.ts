/**
 * The per-event floor of bench/fanout.ts: a plain `ws` server that sends every event as its own
 * frame, encoded once and written to every wall, with nothing else to do (no database, no
 * model, no rooms). What Node itself costs per frame, to compare the product's batched frames with.
 * IPC: → { port } ; { run: { rate, total, bytesPerEvent } } → { done, eventLoopP99Ms }.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
await new Promise<void>((r) => wss.once('listening', () => r()))

/** Event k, stamped with when it was due (so a server that falls behind shows it in the latency). */
function frame(k: number, dueAt: number, size: number): Buffer {
  const head = `42["stream:batch",{"region":"0","epoch":"0","events":[{"event":"case:created","data":{"seq":${k},"prev":${k - 1},"part":0,"case":{"externalId":"F-${Math.round(dueAt)}-${k}","title":"`
  const tail = '"}}}]}]'
  return Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail)
}

process.on('message', async (m: Record<string, any>) => {
  if (!m.run) return
  const { rate, total, bytesPerEvent } = m.run
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const start = performance.now()
  const epochStart = Date.now()
  let sent = 0
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate)) - sent
      for (let i = 0; i < due; i++) {
        const buf = frame(++sent, epochStart + (sent * 1000) / rate, bytesPerEvent)
        for (const ws of wss.clients) ws.send(buf)
      }
      if (sent >= total) {
        clearInterval(timer)
        done()
      }
    }, 5)
  })
  process.send!({ done: true, 'server event-loop delay p99 ms': +(loop.percentile(99) / 1e6).toFixed(1) })
})
process.send!({ port: (wss.address() as { port: number }).port })
