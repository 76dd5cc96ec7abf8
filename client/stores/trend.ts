import { defineStore } from 'pinia'
import type { TrendResponse } from '../../server/contract'
import { polled } from '../lib/polled'

/** Twelve months of cases and success rate; months change slowly, so a read every five minutes. */
export const useTrendStore = defineStore('trend', () => {
  const p = polled<TrendResponse>(5 * 60_000)
  return { trend: p.value, fetchedAt: p.fetchedAt, staleAt: p.staleAt, follow: (region: string) => p.follow(`/api/v1/indicators/trend?region=${region}`), stop: p.stop }
})
