/**
 * The walls of bench/fanout.ts: N plain WebSockets in one lean process (no socket.io-client,
 * no JSON parse per frame), so that the process receiving 100,000s of deliveries a second is not
 * the bottleneck being measured. It speaks just enough Engine.IO / Socket.IO (open, connect with
 * the screen token, subscribe with an ack, answer pings) to be a wall; against the plain `ws`
 * floor it only listens. Each case's `externalId` is `F-<sent at, ms since epoch>-<k>`: a frame
 * is scanned for them as bytes; a bitmap per wall counts lost and doubled deliveries.
 *
 * Driven by its parent over IPC: { connect: { url, n, token?, region?, floor } } adds n walls → 'ready';
 * { measure: { total } } → counting starts; { report: {} } → the figures, once every wall has
 * every case or the parent gives up; { close: {} }.
 */
import WebSocket from 'ws'

const MARK = Buffer.from('"externalId":"F-')
const BUCKET_MS = 1
const MAX_MS = 120_000

let walls: Wall[] = []
let total = 0
let measuring = false
let measuredFrom = 0
let cpuFrom = process.cpuUsage()
let frames = 0
let bytes = 0
let deliveries = 0
let doubled = 0
const histogram = new Uint32Array(MAX_MS / BUCKET_MS + 1)

interface Wall {
  ws: WebSocket
  seen: Uint8Array
  got: number
}

/** Reads the digits at `at` as a number; stops at the first non-digit. */
function digits(b: Buffer, at: number): [number, number] {
  let n = 0
  let i = at
  while (i < b.length && b[i]! >= 48 && b[i]! <= 57) n = n * 10 + (b[i++]! - 48)
  return [n, i]
}

function onFrame(w: Wall, data: Buffer) {
  if (!measuring) return
  const now = Date.now()
  frames++
  bytes += data.length
  let at = data.indexOf(MARK)
  while (at >= 0) {
    const [sent, end] = digits(data, at + MARK.length)
    const [k] = digits(data, end + 1)
    if (k >= 1 && k <= total) {
      if (w.seen[k]) doubled++
      else {
        w.seen[k] = 1
        w.got++
        deliveries++
        histogram[Math.min(histogram.length - 1, Math.max(0, Math.round((now - sent) / BUCKET_MS)))]!++
      }
    }
    at = data.indexOf(MARK, at + MARK.length)
  }
}

function connectWall(url: string, floor: boolean, token: string | undefined, region: string | undefined): Promise<Wall> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(floor ? url : `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false })
    const w: Wall = { ws, seen: new Uint8Array(0), got: 0 }
    const timer = setTimeout(() => reject(new Error('wall did not connect in 60 s')), 60_000)
    ws.on('error', (e) => reject(e))
    ws.on('message', (data: Buffer) => {
      if (floor) return onFrame(w, data)
      const type = data[0]
      if (type === 0x32 /* '2' ping */) return ws.send('3')
      if (type === 0x30 /* '0' open */) return ws.send(`40${JSON.stringify({ token })}`)
      // Socket.IO inside an Engine.IO message ('4'): 0 connect, 2 event, 3 ack, 4 refused.
      const sio = data[1]
      if (sio === 0x30) return ws.send(`420${JSON.stringify(['screen:subscribe', { region }])}`)
      if (sio === 0x34) return reject(new Error(`refused: ${data.toString()}`))
      if (sio === 0x33) {
        clearTimeout(timer)
        if (!data.includes('"ok":true')) return reject(new Error(`subscribe refused: ${data.toString().slice(0, 200)}`))
        return resolve(w)
      }
      onFrame(w, data)
    })
    if (floor)
      ws.on('open', () => {
        clearTimeout(timer)
        resolve(w)
      })
  })
}

function percentileMs(p: number): number {
  const want = Math.ceil(deliveries * p)
  let seen = 0
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!
    if (seen >= want) return i * BUCKET_MS
  }
  return NaN
}

process.on('message', async (m: Record<string, any>) => {
  if (m.connect) {
    const { url, n, token, region, floor } = m.connect
    // In waves: a connection storm of thousands is its own benchmark.
    for (let i = 0; i < n; i += 100) walls.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => connectWall(url, floor, token, region)))))
    process.send!('ready')
  } else if (m.measure) {
    total = m.measure.total
    for (const w of walls) {
      w.seen = new Uint8Array(total + 1)
      w.got = 0
    }
    frames = bytes = deliveries = doubled = 0
    histogram.fill(0)
    measuring = true
    measuredFrom = Date.now()
    cpuFrom = process.cpuUsage()
    process.send!('measuring')
  } else if (m.report) {
    const deadline = Date.now() + (m.report.drainMs ?? 15_000)
    while (walls.some((w) => w.got < total) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const seconds = (Date.now() - measuredFrom) / 1000
    const cpu = process.cpuUsage(cpuFrom)
    measuring = false
    const complete = walls.filter((w) => w.got === total).length
    process.send!({
      walls: walls.length,
      'deliveries expected': total * walls.length,
      'deliveries received': deliveries,
      lost: total * walls.length - deliveries,
      doubled,
      'walls with every case': complete,
      'latency p50 ms': percentileMs(0.5),
      'latency p99 ms': percentileMs(0.99),
      'latency max ms': percentileMs(1),
      'deliveries/s': Math.round(deliveries / seconds),
      'frames per wall per second': +(frames / walls.length / seconds).toFixed(1),
      'bytes per delivery': Math.round(bytes / Math.max(1, deliveries)),
      seconds: +seconds.toFixed(1),
      'walls process CPU %': Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
    })
  } else if (m.close) {
    for (const w of walls) w.ws.terminate()
    walls = []
    process.send!('closed')
  }
})
process.send!('started')
