import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { followRegion, type FollowerState } from '../lib/follower'
import { useConnectionStore } from './connection'

/** The screen's picture of one region, kept by the stream follower (see lib/follower.ts). */
export const useLiveStore = defineStore('live', () => {
  const conn = useConnectionStore()
  const state = shallowRef<FollowerState>({ region: null, aggregates: null, feed: [], colours: [], redFlags: [], syncing: false, resyncs: 0, seq: 0, epoch: '' })
  let lastSeq = -1
  const follower = followRegion(conn.socket, (s) => {
    // Any applied event or snapshot is fresh data.
    if (s.seq !== lastSeq || (!s.syncing && state.value.syncing)) conn.received()
    lastSeq = s.seq
    state.value = s
  })
  return { state, start: follower.start }
})
