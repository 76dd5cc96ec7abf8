import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CaseSummary, LiveAggregates, RegionRef, Snapshot, StreamEnvelope } from '../../server/contract'
import { useConnectionStore } from './connection'

const FEED_MAX = 30

/**
 * The screen's picture of one region: a snapshot, then the stream of events after it. Events
 * are applied only in sequence; a gap, an unknown epoch or a reconnect means "take a new
 * snapshot", so the screen never shows a state that is missing an event.
 */
export const useLiveStore = defineStore('live', () => {
  const conn = useConnectionStore()
  const region = shallowRef<RegionRef | null>(null)
  const aggregates = shallowRef<LiveAggregates | null>(null)
  const feed = shallowRef<CaseSummary[]>([])
  const syncing = ref(false)
  const resyncs = ref(0)
  let wanted = ''
  let epoch = ''
  let seq = 0

  function applySnapshot(s: Snapshot) {
    region.value = s.region
    epoch = s.epoch
    seq = s.seq
    aggregates.value = s.aggregates
    feed.value = s.feed.slice(0, FEED_MAX)
    conn.received()
  }

  function subscribe(code: string) {
    wanted = code
    syncing.value = true
    conn.socket.timeout(10_000).emit('screen:subscribe', { region: code }, (err, res) => {
      if (wanted !== code) return
      if (err || !res.ok) {
        // Timed out or refused: try again shortly, unless the connection dropped (connect resubscribes).
        setTimeout(() => conn.socket.connected && wanted === code && subscribe(code), 3000)
        return
      }
      applySnapshot(res.snapshot)
      syncing.value = false
    })
  }

  /** True when the event is the next one of our stream; otherwise it triggers a resync. */
  function inOrder(e: StreamEnvelope): boolean {
    if (syncing.value || e.region !== region.value?.code) return false
    if (e.epoch === epoch && e.seq <= seq) return false
    if (e.epoch !== epoch || e.seq !== seq + 1) {
      resyncs.value++
      subscribe(wanted)
      return false
    }
    seq = e.seq
    conn.received()
    return true
  }

  function upsertFeed(c: CaseSummary, prepend: boolean) {
    const i = feed.value.findIndex((x) => x.id === c.id)
    if (i >= 0) {
      if (feed.value[i]!.version > c.version) return
      const next = feed.value.slice()
      next[i] = c
      feed.value = next
    } else if (prepend) {
      feed.value = [c, ...feed.value].slice(0, FEED_MAX)
    }
  }

  const s = conn.socket
  s.on('connect', () => wanted && subscribe(wanted))
  s.on('case:created', (e) => inOrder(e) && upsertFeed(e.case, true))
  s.on('case:updated', (e) => inOrder(e) && upsertFeed(e.case, false))
  s.on('activity:recorded', (e) => void inOrder(e))
  s.on('wish:updated', (e) => void inOrder(e))
  s.on('indicators:updated', (e) => {
    if (inOrder(e)) aggregates.value = e.aggregates
  })

  function start(code: string) {
    wanted = code
    if (s.connected) subscribe(code)
  }

  return { region, aggregates, feed, syncing, resyncs, start, currentSeq: () => seq }
})
