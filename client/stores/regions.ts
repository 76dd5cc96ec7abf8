import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { fetchForever } from '../lib/fetchForever'

interface RegionRow { code: string; name: string; level: string; parentCode: string | null; lng: number; lat: number }

/** The region tree, for names on the screen. */
export const useRegionsStore = defineStore('regions', () => {
  const byCode = shallowRef(new Map<string, RegionRow>())

  async function load() {
    byCode.value = new Map((await fetchForever<RegionRow[]>('/api/v1/regions')).map((r) => [r.code, r]))
  }

  const name = (code: string) => byCode.value.get(code)?.name ?? code
  return { byCode, load, name }
})
