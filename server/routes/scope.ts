import type { Response } from 'express'
import { authorize, inRegion, READERS, type Principal, type Role } from '../auth/principal'
import type { Registry } from '../store/registry'
import { unprocessable } from '../errors'

/**
 * The region a read is about: the one asked for, or the reader's own. 401 for nobody, 403 for a
 * role not in `roles`, 422 for a code that is not a region of the tree (a grid too, with
 * `allowGrid`), 403 outside the reader's region.
 */
export function readScope(registry: Registry, res: Response, code: string | undefined, opts: { allowGrid?: boolean; roles?: readonly Role[] } = {}) {
  const p: Principal = authorize(res, opts.roles ?? READERS)
  const allowGrid = opts.allowGrid ?? false
  const region = registry.region(code ?? p.region)
  if (!region || (region.level === 'grid' && !allowGrid)) throw unprocessable('region', `no region with code ${code}`)
  inRegion(p, region.code)
  return region
}

/** A single case's region check for reads: the case must lie in the reader's region. */
export function readCase(res: Response, communityCode: string) {
  inRegion(authorize(res, READERS), communityCode)
}
