import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { emptyFollowerState, followRegion, type FollowerState } from '../lib/follower'
import { useConnectionStore } from './connection'

/** How long a fresh red flag flashes its community and its row. */
export const FLASH_MS = 8_000
const FLASH_KEEP = 20

/** The screen's picture of one region, kept by the stream follower (see lib/follower.ts). */
export const useLiveStore = defineStore('live', () => {
  const conn = useConnectionStore()
  const state = shallowRef<FollowerState>(emptyFollowerState())
  /** Red flags raised while this screen watched: what flashes. Bounded. */
  const raised = shallowRef<{ caseId: number; community: string; at: number }[]>([])
  /** When a trend flag (趋势预警) last changed, or the stream was read afresh: the trend list is read again. */
  const trendAt = shallowRef(0)
  const follower = followRegion(
    conn.socket,
    (s) => {
      // Any applied event, state push, replay or snapshot is fresh data.
      if (!s.syncing) conn.received()
      state.value = s
    },
    {
      onRedFlag: (c) => (raised.value = [{ caseId: c.id, community: c.communityCode, at: Date.now() }, ...raised.value].slice(0, FLASH_KEEP)),
      onTrend: () => (trendAt.value = Date.now()),
      onSnapshot: () => (trendAt.value = Date.now()),
    },
  )
  /** Cases and communities whose red flag is younger than FLASH_MS at `now`. */
  const flashing = (now: number) => raised.value.filter((r) => now - r.at < FLASH_MS)
  return { state, raised, trendAt, flashing, start: follower.start }
})
