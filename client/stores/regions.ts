import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { fetchForever } from '../lib/fetchForever'
import { countyOf, levelOf } from '../../server/domain/regions'

interface RegionRow { code: string; name: string; level: string; parentCode: string | null; lng: number; lat: number }

/** The region tree, for names on the screen, and the caller's own region. */
export const useRegionsStore = defineStore('regions', () => {
  const byCode = shallowRef(new Map<string, RegionRow>())
  /** The caller's region (a wall's token, a person's account): a wall without `?region=` shows it. */
  const home = ref('')

  async function load() {
    byCode.value = new Map((await fetchForever<RegionRow[]>('/api/v1/regions')).map((r) => [r.code, r]))
  }

  async function loadHome() {
    if (!home.value) home.value = (await fetchForever<{ code: string }>('/api/v1/regions/home')).code
  }

  const name = (code: string) => byCode.value.get(code)?.name ?? code
  /** The region the page shows now: above the county, places are named with their county. */
  const viewing = ref('')
  const place = (communityCode: string) => {
    const above = viewing.value && (levelOf(viewing.value) === 'city' || levelOf(viewing.value) === 'province')
    return above ? `${name(countyOf(communityCode))} ${name(communityCode)}` : name(communityCode)
  }
  /** The regions one level below `code`. */
  const children = (code: string) => [...byCode.value.values()].filter((r) => r.parentCode === code && r.level !== 'grid')
  return { byCode, home, viewing, load, loadHome, name, place, children }
})
