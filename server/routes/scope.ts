import type { Response } from 'express'
import { authorize, inRegion, READERS, type Principal } from '../auth/principal'
import type { Registry } from '../store/registry'
import { unprocessable } from '../errors'

/**
 * The region a read is about: the one asked for, or the reader's own. 401 for nobody, 422 for a
 * code that is not a county, town or community, 403 outside the reader's region.
 */
export function readScope(registry: Registry, res: Response, code: string | undefined, allowGrid = false) {
  const p: Principal = authorize(res, READERS)
  const region = registry.region(code ?? p.region)
  if (!region || (region.level === 'grid' && !allowGrid)) throw unprocessable('region', `no county, town or community with code ${code}`)
  inRegion(p, region.code)
  return region
}

/** A single case's region check for reads: the case must lie in the reader's region. */
export function readCase(res: Response, communityCode: string) {
  inRegion(authorize(res, READERS), communityCode)
}
