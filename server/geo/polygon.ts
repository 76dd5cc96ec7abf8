import type { Pt } from './voronoi'

/** Whether `p` lies inside the ring (even–odd rule; the ring need not be closed). */
export function inside(p: Pt, ring: readonly Pt[]): boolean {
  let inn = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inn = !inn
  }
  return inn
}

/** The area-weighted centre of a ring. */
export function centroid(ring: readonly Pt[]): Pt {
  let a = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!
    const [x1, y1] = ring[i]!
    const f = x0 * y1 - x1 * y0
    a += f
    cx += (x0 + x1) * f
    cy += (y0 + y1) * f
  }
  return a ? [cx / (3 * a), cy / (3 * a)] : ring[0]!
}

export const bbox = (pts: readonly Pt[]) => {
  const xs = pts.map((p) => p[0])
  const ys = pts.map((p) => p[1])
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) }
}

/**
 * Schematic seats fitted into a real outline: the seats' box scaled into the outline's box (a
 * margin kept), then any seat still outside pulled toward the outline's centre until inside.
 * Relative positions are kept as far as the shape allows.
 */
export function fitInto(seats: readonly Pt[], ring: readonly Pt[], margin = 0.08): Pt[] {
  const s = bbox(seats)
  const o = bbox(ring)
  const mx = (o.maxX - o.minX) * margin
  const my = (o.maxY - o.minY) * margin
  const sx = (o.maxX - o.minX - 2 * mx) / Math.max(1e-9, s.maxX - s.minX)
  const sy = (o.maxY - o.minY - 2 * my) / Math.max(1e-9, s.maxY - s.minY)
  const c = centroid(ring)
  return seats.map(([x, y]) => {
    let p: Pt = [o.minX + mx + (x - s.minX) * sx, o.minY + my + (y - s.minY) * sy]
    for (let k = 0; k < 40 && !inside(p, ring); k++) p = [p[0] + (c[0] - p[0]) * 0.1, p[1] + (c[1] - p[1]) * 0.1]
    return p
  })
}
