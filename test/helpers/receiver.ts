/** A webhook receiver on 127.0.0.1 for tests. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Heard { at: number; headers: Record<string, string | string[] | undefined>; body: string; url: string }

/** A receiver on 127.0.0.1: records what it is sent; answers with `answer()` (200 unless told otherwise). */
export async function receiver(answer: () => number = () => 200) {
  const heard: Heard[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      heard.push({ at: Date.now(), headers: req.headers, body, url: req.url ?? '' })
      const status = answer()
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"errcode":0}' : '{"errcode":500}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { heard, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise((r) => server.close(r)) }
}
