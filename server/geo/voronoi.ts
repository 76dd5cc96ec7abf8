/**
 * Schematic boundaries: Voronoi cells of region seats, clipped to an outline. Plain geometry on
 * lng/lat (a county is small enough for a flat plane), no dependency: cells are built by clipping
 * the outline with the half-plane of each other seat (O(n²), 164 communities in a few ms).
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

/** One convex cell per site, inside the convex `outline`. Coincident sites are nudged apart. */
export function voronoiCells(sites: Pt[], outline: Pt[]): Pt[][] {
  const s = sites.map((p, i) => (sites.findIndex((q) => q[0] === p[0] && q[1] === p[1]) < i ? ([p[0] + 1e-4 * i, p[1]] as Pt) : p))
  return s.map((site, i) => {
    let cell = outline
    for (let j = 0; j < s.length && cell.length; j++) if (j !== i) cell = clip(cell, site, s[j]!)
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
