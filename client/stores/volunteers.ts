import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { VolunteerHeat } from '../../server/contract'
import { apiFetch } from '../lib/credentials'

const REFRESH_MS = 60_000

/**
 * Where and when volunteers served (last 7 or 30 days) for the heat views. Not a live stream:
 * re-read every minute; a failed read keeps the last figures and their `asOf`.
 */
export const useVolunteersStore = defineStore('volunteers', () => {
  const heat = shallowRef<VolunteerHeat | null>(null)
  /** When the figures were last read (ms); a panel older than two refreshes is stale. */
  const fetchedAt = shallowRef(0)
  let timer: ReturnType<typeof setInterval> | undefined
  let wanted = { region: '', days: 7 }

  async function refresh() {
    try {
      const res = await apiFetch(`/api/v1/volunteers/heat?region=${wanted.region}&days=${wanted.days}`)
      if (res.ok) {
        heat.value = (await res.json()) as VolunteerHeat
        fetchedAt.value = Date.now()
      }
    } catch {
      // offline for now: the panel shows its as-of time
    }
  }

  function follow(region: string, days: number) {
    if (wanted.region === region && wanted.days === days && timer) return
    wanted = { region, days }
    clearInterval(timer)
    timer = setInterval(refresh, REFRESH_MS)
    void refresh()
  }

  function stop() {
    clearInterval(timer)
    timer = undefined
  }

  const staleAt = (now: number) => !fetchedAt.value || now - fetchedAt.value > 2 * REFRESH_MS
  return { heat, fetchedAt, staleAt, follow, stop }
})
