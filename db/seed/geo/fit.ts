/**
 * Fits the schematic seats of regions.json into the real county outlines (counties.geo.json):
 * each county's towns and villages keep their layout, scaled into the county's shape, so that
 * the map's cells, the heat points and the pulses all fall inside the county. Run once after
 * decoding the outlines: `npx tsx db/seed/geo/fit.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fitInto } from '../../../server/geo/polygon'
import type { Pt } from '../../../server/geo/voronoi'

const file = path.join(import.meta.dirname, '..', 'regions.json')
const data = JSON.parse(readFileSync(file, 'utf8')) as { counties: { code: string; name: string; lng: number; lat: number; towns: { lng: number; lat: number; communities: { lng: number; lat: number }[] }[] }[] }
const outlines = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'counties.geo.json'), 'utf8')) as { features: { properties: { code: string }; geometry: { type: string; coordinates: Pt[][] | Pt[][][] } }[] }
const round = (v: number) => Math.round(v * 1e5) / 1e5
for (const county of data.counties) {
  const f = outlines.features.find((x) => x.properties.code === county.code)
  if (!f) continue
  // The largest ring of the county (a county in several pieces keeps its seats in the main one).
  const rings = f.geometry.type === 'Polygon' ? [(f.geometry.coordinates as Pt[][])[0]!] : (f.geometry.coordinates as Pt[][][]).map((p) => p[0]!)
  const ring = rings.sort((a, b) => b.length - a.length)[0]!
  const places = [county, ...county.towns, ...county.towns.flatMap((t) => t.communities)]
  const fitted = fitInto(places.map((p) => [p.lng, p.lat] as Pt), ring)
  places.forEach((p, i) => ([p.lng, p.lat] = [round(fitted[i]![0]), round(fitted[i]![1])]))
}
// The file's own layout: one place (or account) a line.
writeFileSync(file, JSON.stringify(data).replace(/\{"(code|username)":/g, '\n{"$1":') + '\n')
console.log(`${file}: seats fitted into ${outlines.features.length} county outlines`)
