import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { TrendResponse } from '../../server/contract'
import { apiFetch } from '../lib/credentials'

const REFRESH_MS = 5 * 60_000

/** Twelve months of cases and success rate; months change slowly, so a read every five minutes. */
export const useTrendStore = defineStore('trend', () => {
  const trend = shallowRef<TrendResponse | null>(null)
  /** When the months were last read (ms); older than two refreshes is stale. */
  const fetchedAt = shallowRef(0)
  let timer: ReturnType<typeof setInterval> | undefined
  let region = ''

  async function refresh() {
    try {
      const res = await apiFetch(`/api/v1/indicators/trend?region=${region}`)
      if (res.ok) {
        trend.value = (await res.json()) as TrendResponse
        fetchedAt.value = Date.now()
      }
    } catch {
      // offline for now: the panel keeps the last months
    }
  }

  function follow(code: string) {
    if (region === code && timer) return
    region = code
    clearInterval(timer)
    timer = setInterval(refresh, REFRESH_MS)
    void refresh()
  }

  const stop = () => {
    clearInterval(timer)
    timer = undefined
  }
  const staleAt = (now: number) => !fetchedAt.value || now - fetchedAt.value > 2 * REFRESH_MS
  return { trend, fetchedAt, staleAt, follow, stop }
})
