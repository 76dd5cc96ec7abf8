import { registerMap } from 'echarts/core'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { fetchForever } from '../lib/fetchForever'

export interface Boundary {
  /** The ECharts map name, registered once per region. */
  map: string
  schematic: boolean
  /** Community seats: where labels and pulses go. */
  seats: Map<string, [number, number]>
}

/** Community boundaries of a county or town, from the server (bundled with it: no online tiles). */
export const useBoundariesStore = defineStore('boundaries', () => {
  const byRegion = shallowRef(new Map<string, Boundary>())
  const pending = new Map<string, Promise<Boundary>>()

  function load(region: string): Promise<Boundary> {
    const hit = byRegion.value.get(region)
    if (hit) return Promise.resolve(hit)
    let p = pending.get(region)
    if (!p) {
      p = fetchForever<GeoJson>(`/api/v1/geo/${region}`).then((geo) => {
        const map = `r${region}`
        registerMap(map, geo as never)
        const b: Boundary = { map, schematic: geo.schematic, seats: new Map(geo.features.map((f) => [f.properties.code, f.properties.cp])) }
        byRegion.value = new Map(byRegion.value).set(region, b)
        return b
      })
      pending.set(region, p)
    }
    return p
  }

  return { byRegion, load }
})

interface GeoJson {
  schematic: boolean
  features: { properties: { code: string; name: string; cp: [number, number] } }[]
}
