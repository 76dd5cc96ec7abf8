import { defineStore } from 'pinia'
import type { DoubleReportingView, PeopleActivityView, PointsView, WhistleFunnel } from '../../server/contract'
import { polled } from '../lib/polled'

/**
 * 双报到 of the wall's region (it changes by the day: a read every five minutes) and the 吹哨
 * funnel (by the hour: every minute); read, not streamed.
 */
export const usePeopleStore = defineStore('people', () => {
  const p = polled<DoubleReportingView>(5 * 60_000)
  const w = polled<WhistleFunnel>(60_000)
  // This month's people and the year's 积分榜: by the day, read every five minutes.
  const a = polled<PeopleActivityView>(5 * 60_000)
  const b = polled<PointsView>(5 * 60_000)
  return {
    reporting: p.value, fetchedAt: p.fetchedAt, staleAt: p.staleAt,
    funnel: w.value, funnelAt: w.fetchedAt, funnelStaleAt: w.staleAt,
    activity: a.value, board: b.value, boardAt: b.fetchedAt, boardStaleAt: (now: number) => a.staleAt(now) || b.staleAt(now),
    follow: (region: string) => {
      p.follow(`/api/v1/people/double-reporting?region=${region}`)
      w.follow(`/api/v1/whistles/funnel?region=${region}`)
      a.follow(`/api/v1/people/activity?region=${region}`)
      b.follow(`/api/v1/people/points?region=${region}&of=organisations&limit=5`)
    },
    stop: () => [p, w, a, b].forEach((x) => x.stop()),
  }
})
