import { defineStore } from 'pinia'
import type { VolunteerHeat } from '../../server/contract'
import { polled } from '../lib/polled'

/** Where and when volunteers served (last 7 or 30 days) for the heat views: re-read every minute, not streamed. */
export const useVolunteersStore = defineStore('volunteers', () => {
  const p = polled<VolunteerHeat>(60_000)
  return { heat: p.value, fetchedAt: p.fetchedAt, staleAt: p.staleAt, follow: (region: string, days: number) => p.follow(`/api/v1/volunteers/heat?region=${region}&days=${days}`), stop: p.stop }
})
