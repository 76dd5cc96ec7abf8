import { defineStore } from 'pinia'
import { io, type Socket } from 'socket.io-client'
import { ref, shallowRef } from 'vue'
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract'
import { screenToken } from '../lib/credentials'

export type ScreenSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/**
 * The one socket of this page. Reconnects forever, at most 2 s apart, so a wall is back within
 * 2 s of its server; the live store resubscribes on every connect and is replayed what it
 * missed (a snapshot only when the server's log no longer holds it).
 */
export const useConnectionStore = defineStore('connection', () => {
  const state = ref<'connecting' | 'connected' | 'disconnected'>('connecting')
  const lastReceivedAt = ref<number | null>(null)
  const disconnectedAt = ref<number | null>(null)
  const socket = shallowRef<ScreenSocket>(
    // WebSocket only: no long-polling, so any of several server processes on one port (or behind
    // a proxy without sticky sessions) can take the connection.
    io({ transports: ['websocket'], auth: (cb) => cb(screenToken() ? { token: screenToken() } : {}), reconnection: true, reconnectionAttempts: Infinity, reconnectionDelay: 500, reconnectionDelayMax: 2_000, randomizationFactor: 0.5, timeout: 10_000 }),
  )

  socket.value.on('connect', () => {
    state.value = 'connected'
    disconnectedAt.value = null
  })
  socket.value.on('disconnect', (reason) => {
    state.value = 'disconnected'
    disconnectedAt.value = Date.now()
    // A server-side disconnect does not auto-reconnect in Socket.IO; a wall must.
    if (reason === 'io server disconnect') socket.value.connect()
  })
  // A refused handshake (server middleware) is not retried by Socket.IO itself: retry with back-off.
  let refused = 0
  /** Why the server refused this page's credentials at the handshake (no token, revoked, …); retried all the same. */
  const refusal = ref<string | null>(null)
  socket.value.on('connect_error', (err) => {
    if (/unauthenticated|revoked|password|origin|session/i.test(err.message)) refusal.value = err.message
    state.value = 'disconnected'
    disconnectedAt.value ??= Date.now()
    if (!socket.value.active) setTimeout(() => socket.value.connect(), Math.min(15_000, 1000 * 2 ** refused++))
  })
  socket.value.on('connect', () => {
    refused = 0
    refusal.value = null
  })
  socket.value.io.on('reconnect_attempt', () => {
    if (state.value !== 'connected') state.value = 'disconnected'
  })

  /** The server says whether it reaches its database: while it does not, nothing new arrives. */
  const databaseDown = ref(false)
  socket.value.on('server:status', (s) => {
    databaseDown.value = s.database === 'down'
    // A wall left running across an upgrade loads the new screen by itself (a desk keeps its forms).
    // At most once a minute, so that a server announcing a build it does not serve cannot loop it.
    const last = Number(sessionStorage.getItem('gs_reloaded_at') ?? 0)
    if (s.build && s.build !== __BUILD_ID__ && location.pathname.startsWith('/screen') && Date.now() - last > 60_000) {
      sessionStorage.setItem('gs_reloaded_at', String(Date.now()))
      console.info(`a new screen build (${s.build}) is served: reloading`)
      location.reload()
    }
  })

  function received() {
    lastReceivedAt.value = Date.now()
  }

  /** New credentials (a login, a changed password): connect again at once with them, not at the next back-off. */
  function reconnect() {
    refused = 0
    socket.value.disconnect()
    socket.value.connect()
  }

  return { state, lastReceivedAt, disconnectedAt, databaseDown, refusal, socket, received, reconnect }
})
