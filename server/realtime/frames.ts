import type { Server, Socket } from 'socket.io'
import type { StreamBatch } from '../contract'
import { appendCompact } from './entryEvents'

/**
 * A stream's events go out in frames: those of one tick (`tickMs`; at once when the streams
 * were quiet) as one `stream:batch`, encoded once for the stream's room and written to each of
 * its sockets, with the stream's changed state when there is some (one frame, one write, not
 * three). A socket whose unsent data passed `slowClientBytes` is cut off first (it
 * resumes by replay), so a reader that stalls costs no memory.
 */
export class Frames {
  private outbox = new Map<string, StreamBatch['events']>()
  private stateOut = new Map<string, Pick<StreamBatch, 'colours' | 'indicators'>>()
  private timer: NodeJS.Timeout | null = null
  private last = 0
  readonly stats = { frames: 0, slowDropped: 0 }
  /** When each stream last had a frame sent: what a wall of it last received. */
  readonly lastSentAt = new Map<string, number>()

  constructor(
    private io: Server,
    private room: (region: string) => string,
    private epoch: () => string,
    private tickMs: number,
    private slowClientBytes: number,
  ) {}

  add(region: string, events: StreamBatch['events']) {
    let out = this.outbox.get(region)
    if (!out) this.outbox.set(region, (out = []))
    appendCompact(out, events)
    if (!this.timer) this.timer = setTimeout(() => this.send(), Math.max(0, this.last + this.tickMs - Date.now()))
  }

  /** A stream's state that changed: it goes out in the next `send()`, after the stream's events, in the same frame. */
  state(region: string, state: Pick<StreamBatch, 'colours' | 'indicators'>) {
    this.stateOut.set(region, { ...this.stateOut.get(region), ...state })
  }

  /** Sends what is waiting now: each stream's events and then its state, one frame a stream. */
  send() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.last = Date.now()
    for (const region of this.stateOut.keys()) if (!this.outbox.has(region)) this.outbox.set(region, [])
    for (const [region, events] of this.outbox) {
      const sockets = this.io.sockets.adapter.rooms.get(this.room(region))
      if (!sockets?.size) continue
      for (const id of sockets) {
        const socket = this.io.sockets.sockets.get(id)
        if (socket && unsentBytes(socket) > this.slowClientBytes) this.cut(socket)
      }
      this.io.to(this.room(region)).emit('stream:batch', { region, epoch: this.epoch(), events, ...this.stateOut.get(region) })
      this.stats.frames++
      this.lastSentAt.set(region, this.last)
    }
    this.outbox.clear()
    this.stateOut.clear()
  }

  /** At once, what it was given thrown away (a polite close would wait for it to read it all): the client sees the connection lost, reconnects and resumes. */
  private cut(socket: Socket) {
    this.stats.slowDropped++
    const ws = (socket.conn as unknown as { transport?: { socket?: { terminate?: () => void } } }).transport?.socket
    if (ws?.terminate) ws.terminate()
    else socket.disconnect(true)
  }

  close() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

/** Bytes a socket has been given and not yet written to the network. */
export function unsentBytes(socket: Socket): number {
  const conn = socket.conn as unknown as { writeBuffer?: { data?: unknown }[]; transport?: { socket?: { bufferedAmount?: number } } }
  let n = conn.transport?.socket?.bufferedAmount ?? 0
  for (const p of conn.writeBuffer ?? []) n += typeof p.data === 'string' ? p.data.length : 0
  return n
}
