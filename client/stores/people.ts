import { defineStore } from 'pinia'
import type { DoubleReportingView, WhistleFunnel } from '../../server/contract'
import { polled } from '../lib/polled'

/**
 * 双报到 of the wall's region (it changes by the day: a read every five minutes) and the 吹哨
 * funnel (by the hour: every minute); read, not streamed.
 */
export const usePeopleStore = defineStore('people', () => {
  const p = polled<DoubleReportingView>(5 * 60_000)
  const w = polled<WhistleFunnel>(60_000)
  return {
    reporting: p.value, fetchedAt: p.fetchedAt, staleAt: p.staleAt,
    funnel: w.value, funnelAt: w.fetchedAt, funnelStaleAt: w.staleAt,
    follow: (region: string) => (p.follow(`/api/v1/people/double-reporting?region=${region}`), w.follow(`/api/v1/whistles/funnel?region=${region}`)),
    stop: () => (p.stop(), w.stop()),
  }
})
