/**
 * Division codes carry their ancestry: county = first 6 digits, town = first 9, community = 12,
 * grid = community + 3. Membership is a prefix test, so one query or room serves any level.
 */
export type Level = 'county' | 'town' | 'community' | 'grid'

const PREFIX: Record<Level, number> = { county: 6, town: 9, community: 12, grid: 15 }

export function levelOf(code: string): Level {
  if (code.length === 15) return 'grid'
  if (code.endsWith('000000')) return 'county'
  if (code.endsWith('000')) return 'town'
  return 'community'
}

export function prefixOf(code: string): string {
  return code.slice(0, PREFIX[levelOf(code)])
}

export function communityOf(code: string): string {
  return code.slice(0, 12)
}

export function townOf(code: string): string {
  return `${code.slice(0, 9)}000`
}

export function countyOf(code: string): string {
  return `${code.slice(0, 6)}000000`
}

/** The streams a change in a community is published on: itself, its town, its county. */
export function streamsOf(communityCode: string): string[] {
  return [communityCode, townOf(communityCode), countyOf(communityCode)]
}

export function within(code: string, region: string): boolean {
  return code.startsWith(prefixOf(region))
}
