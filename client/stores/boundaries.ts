import { registerMap } from 'echarts/core'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { fetchForever } from '../lib/fetchForever'

type Pt = [number, number]
type Geometry = { type: 'Polygon'; coordinates: Pt[][] } | { type: 'MultiPolygon'; coordinates: Pt[][][] }

export interface Boundary {
  /** The ECharts map name, registered once per region. */
  map: string
  schematic: boolean
  /** The county's outline is its real one (the cells inside may still be schematic). */
  realOutline: boolean
  /** Community seats: where labels and pulses go. */
  seats: Map<string, [number, number]>
  /** The box the map is framed on: its own places (the places around are drawn, not framed). */
  bounds: [[number, number], [number, number]]
  /** Borders drawn over the cells: the towns of a county, a town's own. */
  borders: Pt[][]
  /** The places around, drawn faintly (their map names start with `ctx:`). */
  around: string[]
  /** Each community's cell, as rings: to measure a town's extent. */
  cells: Map<string, Pt[][]>
  /** The map of some towns' communities alone, by code prefix (the county map's close-up of its urban core), registered on first use. */
  part(prefixes: string[]): string
}

const ringsOf = (g: Geometry): Pt[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat())

/** Community boundaries of a county or town, from the server (bundled with it: no online tiles). */
export const useBoundariesStore = defineStore('boundaries', () => {
  const byRegion = shallowRef(new Map<string, Boundary>())
  const pending = new Map<string, Promise<Boundary>>()
  const parts = new Set<string>()

  function load(region: string): Promise<Boundary> {
    const hit = byRegion.value.get(region)
    if (hit) return Promise.resolve(hit)
    let p = pending.get(region)
    if (!p) {
      p = fetchForever<GeoJson>(`/api/v1/geo/${region}`).then((geo) => {
        const map = `r${region}`
        const around = (geo.context?.around ?? []).map((a) => ({ type: 'Feature', properties: { code: `ctx:${a.code}`, name: a.name }, geometry: a.geometry }))
        registerMap(map, { type: 'FeatureCollection', features: [...around, ...geo.features] } as never)
        const own = geo.features.flatMap((f) => ringsOf(f.geometry).flat())
        const xs = own.map((p) => p[0])
        const ys = own.map((p) => p[1])
        const b: Boundary = {
          map,
          schematic: geo.schematic,
          realOutline: !!geo.realOutline,
          seats: new Map(geo.features.map((f) => [f.properties.code, f.properties.cp])),
          bounds: [[Math.min(...xs), Math.max(...ys)], [Math.max(...xs), Math.min(...ys)]],
          borders: (geo.context?.borders ?? []).flatMap((x) => ringsOf(x.geometry)),
          around: around.map((a) => a.properties.code),
          cells: new Map(geo.features.map((f) => [f.properties.code, ringsOf(f.geometry)])),
          part(prefixes) {
            const name = `${map}:${prefixes.join(',')}`
            if (!parts.has(name)) {
              registerMap(name, { type: 'FeatureCollection', features: geo.features.filter((f) => prefixes.some((p) => f.properties.code.startsWith(p))) } as never)
              parts.add(name)
            }
            return name
          },
        }
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
  realOutline?: boolean
  features: { properties: { code: string; name: string; cp: [number, number] }; geometry: Geometry }[]
  context?: { borders: { code: string; name: string; geometry: Geometry }[]; around: { code: string; name: string; geometry: Geometry }[] }
}
