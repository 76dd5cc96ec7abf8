import { defineStore } from 'pinia'
import type { TrendFlagView } from '../../server/contract'
import { polled } from '../lib/polled'

/**
 * 趋势预警 of the wall's region: read when a flag is pushed (raised or cleared) or the stream is
 * read afresh, and every five minutes besides.
 */
export const useSurgesStore = defineStore('surges', () => {
  const p = polled<TrendFlagView[]>(5 * 60_000)
  return { flags: p.value, fetchedAt: p.fetchedAt, staleAt: p.staleAt, refresh: p.refresh, follow: (region: string) => p.follow(`/api/v1/trends?region=${region}`), stop: p.stop }
})
