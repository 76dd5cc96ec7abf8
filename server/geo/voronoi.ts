import { inside } from './polygon'
/**
 * Schematic boundaries: Voronoi cells of region seats, clipped to an outline. Plain geometry on
 * lng/lat (a county is small enough for a flat plane), no dependency: cells are built by clipping
 * the outline with the half-plane of the other seats, nearest first.
 */
export type Pt = [number, number]

/** Keeps the part of a convex polygon on `site`'s side of the bisector between `site` and `other`. */
function clip(poly: Pt[], site: Pt, other: Pt): Pt[] {
  const [nx, ny] = [other[0] - site[0], other[1] - site[1]]
  const c = (nx * (site[0] + other[0])) / 2 + (ny * (site[1] + other[1])) / 2
  const side = (p: Pt) => nx * p[0] + ny * p[1] - c // ≤ 0: closer to site
  const out: Pt[] = []
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!
    const b = poly[(i + 1) % poly.length]!
    const sa = side(a)
    const sb = side(b)
    if (sa <= 0) out.push(a)
    if ((sa < 0 && sb > 0) || (sa > 0 && sb < 0)) {
      const t = sa / (sa - sb)
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])
    }
  }
  return out
}

/**
 * One convex cell per site, inside the convex `outline`. Coincident sites are nudged apart. Each
 * cell is clipped by the other sites ring by ring of a grid around it, nearest rings first, and
 * stops once a ring lies more than twice as far as the cell's farthest corner (no farther site
 * can cut it): a city's thousands of villages take a fraction of a second, not n².
 */
export function voronoiCells(sites: Pt[], outline: Pt[]): Pt[][] {
  const seen = new Set<string>()
  const s = sites.map((p, i) => {
    const k = `${p[0]},${p[1]}`
    const nudged = seen.has(k) ? ([p[0] + 1e-4 * i, p[1]] as Pt) : p
    seen.add(k)
    return nudged
  })
  if (!s.length) return []
  const xs = s.map((p) => p[0])
  const ys = s.map((p) => p[1])
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)]
  // About two sites a bucket.
  const size = Math.max(Math.max(...xs) - x0, Math.max(...ys) - y0, 1e-9) / Math.max(1, Math.sqrt(s.length / 2))
  const buckets = new Map<string, number[]>()
  const key = (bx: number, by: number) => `${bx},${by}`
  s.forEach((p, i) => {
    const k = key(Math.floor((p[0] - x0) / size), Math.floor((p[1] - y0) / size))
    buckets.set(k, [...(buckets.get(k) ?? []), i])
  })
  const maxRing = Math.ceil(Math.max(Math.max(...xs) - x0, Math.max(...ys) - y0) / size) + 1
  return s.map((site, i) => {
    const bx = Math.floor((site[0] - x0) / size)
    const by = Math.floor((site[1] - y0) / size)
    let cell = outline
    for (let ring = 0; ring <= maxRing && cell.length; ring++) {
      // Every site of this ring is at least (ring - 1) buckets away.
      const reach = Math.max(...cell.map((p) => Math.hypot(p[0] - site[0], p[1] - site[1])))
      if ((ring - 1) * size > 2 * reach) break
      for (let dx = -ring; dx <= ring; dx++)
        for (let dy = -ring; dy <= ring; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue
          for (const j of buckets.get(key(bx + dx, by + dy)) ?? []) if (j !== i && cell.length) cell = clip(cell, site, s[j]!)
        }
    }
    return cell
  })
}

/** Convex hull (monotone chain), counter-clockwise. */
export function convexHull(points: Pt[]): Pt[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  if (p.length < 3) return p
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
  const lower: Pt[] = []
  for (const x of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, x) <= 0) lower.pop()
    lower.push(x)
  }
  const upper: Pt[] = []
  for (const x of p.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, x) <= 0) upper.pop()
    upper.push(x)
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)]
}

/** The polygon grown by `factor` around its centroid, plus a fixed margin (degrees). */
export function grow(poly: Pt[], factor: number, margin: number): Pt[] {
  const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length
  const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length
  return poly.map(([x, y]) => {
    const dx = x - cx
    const dy = y - cy
    const d = Math.hypot(dx, dy) || 1
    return [cx + dx * factor + (dx / d) * margin, cy + dy * factor + (dy / d) * margin]
  })
}

/** Twice the signed area: positive for a counter-clockwise ring. */
function area2(ring: Pt[]): number {
  let s = 0
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!
    const b = ring[(i + 1) % ring.length]!
    s += a[0] * b[1] - b[0] * a[1]
  }
  return s
}

/**
 * The outline of a set of cells of one Voronoi diagram (a county from its communities' cells):
 * edges two cells share cancel out, the rest are chained into rings. Vertices closer than `eps`
 * are one vertex (cells are clipped one by one, so a shared corner differs in the last bits).
 * Returns polygons as GeoJSON wants them: outer ring counter-clockwise, then its holes.
 */
export function union(cells: Pt[][], eps = 1e-9): Pt[][][] {
  const ids = new Map<string, number>()
  const points: Pt[] = []
  const cell = (v: number) => Math.floor(v / (eps * 4))
  const vertex = (p: Pt): number => {
    const cx = cell(p[0])
    const cy = cell(p[1])
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const id = ids.get(`${cx + dx},${cy + dy}`)
        if (id !== undefined && Math.abs(points[id]![0] - p[0]) <= eps && Math.abs(points[id]![1] - p[1]) <= eps) return id
      }
    points.push(p)
    ids.set(`${cx},${cy}`, points.length - 1)
    return points.length - 1
  }
  const edges = new Map<string, [number, number]>()
  for (const c of cells) {
    const ring = area2(c) < 0 ? [...c].reverse() : c
    const vs = ring.map(vertex)
    for (let i = 0; i < vs.length; i++) {
      const a = vs[i]!
      const b = vs[(i + 1) % vs.length]!
      if (a === b) continue
      // A shared edge is a→b in one cell and b→a in the other.
      if (edges.delete(`${b}>${a}`)) continue
      edges.set(`${a}>${b}`, [a, b])
    }
  }
  const from = new Map<number, number[]>()
  for (const [a, b] of edges.values()) from.set(a, [...(from.get(a) ?? []), b])
  const rings: Pt[][] = []
  for (const [start] of edges.values()) {
    if (!from.get(start)?.length) continue
    const ring: Pt[] = []
    let at = start
    while (from.get(at)?.length) {
      ring.push(points[at]!)
      at = from.get(at)!.pop()!
      if (at === start) break
    }
    if (ring.length >= 3) rings.push(ring)
  }
  const outers = rings.filter((r) => area2(r) > 0).map((r) => [r])
  for (const hole of rings.filter((r) => area2(r) < 0)) outers.find((o) => inside(hole[0]!, o[0]!))?.push(hole)
  return outers.map((poly) => poly.map((r) => [...r, r[0]!]))
}
