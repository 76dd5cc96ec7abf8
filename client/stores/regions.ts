import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

interface RegionRow { code: string; name: string; level: string; parentCode: string | null; lng: number; lat: number }

/** The region tree, for names on the screen. */
export const useRegionsStore = defineStore('regions', () => {
  const byCode = shallowRef(new Map<string, RegionRow>())

  async function load() {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch('/api/v1/regions')
        if (res.ok) return void (byCode.value = new Map(((await res.json()) as RegionRow[]).map((r) => [r.code, r])))
      } catch {
        // server restarting
      }
      await new Promise((r) => setTimeout(r, Math.min(15_000, 1000 * 2 ** attempt)))
    }
  }

  const name = (code: string) => byCode.value.get(code)?.name ?? code
  return { byCode, load, name }
})
