import { io, type Socket } from 'socket.io-client'
import { unbatch, type StreamBatch } from '../../server/contract/events'
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract'
import { screenToken } from './app'

export type Recorded = { event: string; at: number; payload: any }

/** A socket.io-client subscribed to a region that records every stream event it receives. */
export async function recordEvents(url: string, region: string): Promise<{ events: Recorded[]; of(event: string): any[]; close(): void }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], auth: { token: screenToken(url) } })
  const events: Recorded[] = []
  // A stream's batch is recorded as its events, one by one, as a follower applies them, then
  // its state as `region:recoloured` and `indicators:updated`.
  socket.onAny((event, payload) => {
    if (event !== 'stream:batch') return events.push({ event, at: Date.now(), payload })
    const b = payload as StreamBatch
    for (const e of unbatch(b)) events.push({ event: e.event, at: Date.now(), payload: e.data })
    if (b.colours) events.push({ event: 'region:recoloured', at: Date.now(), payload: { region: b.region, epoch: b.epoch, colours: b.colours } })
    if (b.indicators) events.push({ event: 'indicators:updated', at: Date.now(), payload: { region: b.region, epoch: b.epoch, ...b.indicators } })
  })
  await new Promise<void>((resolve, reject) => {
    socket.on('connect_error', reject)
    socket.on('connect', () =>
      socket.emit('screen:subscribe', { region }, (res) => (res.ok ? resolve() : reject(new Error(res.error)))),
    )
  })
  return { events, of: (e) => events.filter((x) => x.event === e).map((x) => x.payload), close: () => socket.disconnect() }
}

export const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** `until` for a condition that has to ask (an API call): polled every 50 ms. */
export const eventually = async (cond: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}
