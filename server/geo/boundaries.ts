import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Region } from '../../db/schema'
import type { Registry } from '../store/registry'
import { prefixOf } from '../domain/regions'
import { convexHull, grow, union, voronoiCells, type Pt } from './voronoi'

export interface BoundaryCollection {
  type: 'FeatureCollection'
  /** True for the generated cells: the screen labels them 示意. */
  schematic: boolean
  features: {
    type: 'Feature'
    properties: { code: string; name: string; cp: Pt }
    geometry: { type: 'Polygon'; coordinates: Pt[][] } | { type: 'MultiPolygon'; coordinates: Pt[][][] }
  }[]
}

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

  private schematic(parent: Region): BoundaryCollection {
    if (parent.level === 'city' || parent.level === 'province') return this.childrenOf(parent)
    const prefix = parent.level === 'county' ? parent.code.slice(0, 6) : parent.code.slice(0, 9)
    const cells = this.communityCells()
    const features = this.registry
      .regions()
      .filter((r) => r.level === 'community' && r.code.startsWith(prefix) && (cells.get(r.code)?.length ?? 0) >= 3)
      .map((r) => {
        const cell = cells.get(r.code)!
        return {
          type: 'Feature' as const,
          properties: { code: r.code, name: r.name, cp: [r.lng, r.lat] as Pt },
          geometry: { type: 'Polygon' as const, coordinates: [[...cell, cell[0]!]] },
        }
      })
    return { type: 'FeatureCollection', schematic: true, features }
  }

  /** A city's counties (a province's cities), each the union of its communities' cells. */
  private childrenOf(parent: Region): BoundaryCollection {
    const cells = this.communityCells()
    const features = this.registry.children(parent.code).flatMap((child) => {
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
    return { type: 'FeatureCollection', schematic: true, features }
  }
}
