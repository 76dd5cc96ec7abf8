import type { CaseSummary } from '../../server/contract'

/** A red flag is "new" on the wall for this long: it leads the first page. */
export const NEW_MS = 30 * 60_000
/** Each page of red flags stays this long. */
export const PAGE_MS = 8_000

/**
 * The wall's order of red flags: those turned red in the last NEW_MS, newest first; then the
 * rest, red the longest first, so the oldest unsolved never drop off the wall.
 */
export function redFlagOrder(cases: readonly CaseSummary[], now: number): CaseSummary[] {
  const since = (c: CaseSummary) => Date.parse(c.colourSince)
  const fresh = cases.filter((c) => now - since(c) < NEW_MS).sort((a, b) => since(b) - since(a) || b.id - a.id)
  const old = cases.filter((c) => now - since(c) >= NEW_MS).sort((a, b) => since(a) - since(b) || a.id - b.id)
  return [...fresh, ...old]
}

/** The page shown at `now` of `count` flags, `perPage` a page, turning every PAGE_MS from `epoch`. */
export function pageAt(count: number, perPage: number, now: number, epoch: number): { page: number; pages: number; from: number } {
  const pages = Math.max(1, Math.ceil(count / perPage))
  const page = Math.floor(Math.max(0, now - epoch) / PAGE_MS) % pages
  return { page, pages, from: page * perPage }
}
