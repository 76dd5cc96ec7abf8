import { computed } from 'vue'
import { useRoute } from 'vue-router'
import type { Layout } from '../lib/stage'
import { useRegionsStore } from '../stores/regions'

/** Seconds a rotation turn lasts when the link does not say. */
export const ROTATE_SECONDS = 20

/**
 * A wall is configured by its link, so a wall PC needs nothing but a bookmark:
 * `?region=CODE` (default: its token's own region; a city's wall shows the city),
 * `?layout=standard|wide` (default: by the screen's aspect ratio), `?rotate=SECONDS` for the
 * rotating panels (0 stops rotation), `?lang=en` (read by the i18n module). Anything else, or a
 * malformed value, falls back to the default.
 */
export function useWallConfig() {
  const route = useRoute()
  const regions = useRegionsStore()
  const query = (k: string) => (typeof route.query[k] === 'string' ? (route.query[k] as string) : '')
  const home = computed(() => (/^\d{12}$/.test(query('region')) ? query('region') : regions.home))
  const layout = computed<Layout | null>(() => (query('layout') === 'wide' || query('layout') === 'standard' ? (query('layout') as Layout) : null))
  const rotateMs = computed(() => {
    const s = query('rotate') === '' ? ROTATE_SECONDS : Number(query('rotate'))
    return (Number.isFinite(s) && s >= 0 ? s : ROTATE_SECONDS) * 1000
  })
  return { home, layout, rotateMs }
}
