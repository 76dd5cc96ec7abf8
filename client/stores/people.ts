import { defineStore } from 'pinia'
import type { DoubleReportingView } from '../../server/contract'
import { polled } from '../lib/polled'

/** 双报到 of the wall's region: it changes by the day, so a read every five minutes, not a stream. */
export const usePeopleStore = defineStore('people', () => {
  const p = polled<DoubleReportingView>(5 * 60_000)
  return { reporting: p.value, fetchedAt: p.fetchedAt, staleAt: p.staleAt, follow: (region: string) => p.follow(`/api/v1/people/double-reporting?region=${region}`), stop: p.stop }
})
