/**
 * Division codes carry their ancestry: province = first 2 digits, city = 4, county = 6,
 * town = 9, community = 12, grid = community + 3. Membership is a prefix test, so one query or
 * room serves any level. A deployment's tree starts at any of the top three levels.
 */
export type Level = 'province' | 'city' | 'county' | 'town' | 'community' | 'grid'

export const LEVELS: readonly Level[] = ['province', 'city', 'county', 'town', 'community', 'grid']

const PREFIX: Record<Level, number> = { province: 2, city: 4, county: 6, town: 9, community: 12, grid: 15 }

export function levelOf(code: string): Level {
  if (code.length === 15) return 'grid'
  if (code.endsWith('0000000000')) return 'province'
  if (code.endsWith('00000000')) return 'city'
  if (code.endsWith('000000')) return 'county'
  if (code.endsWith('000')) return 'town'
  return 'community'
}

export function prefixOf(code: string): string {
  return code.slice(0, PREFIX[levelOf(code)])
}

/** The 12-digit code of the region at `level` that holds `code`. */
export function ancestorAt(code: string, level: Exclude<Level, 'grid'>): string {
  return code.slice(0, PREFIX[level]).padEnd(12, '0')
}

export function communityOf(code: string): string {
  return code.slice(0, 12)
}

export function townOf(code: string): string {
  return ancestorAt(code, 'town')
}

export function countyOf(code: string): string {
  return ancestorAt(code, 'county')
}

/** The level one below (a city's children are counties); null for a community. */
export function childLevel(level: Level): Exclude<Level, 'province' | 'grid'> | null {
  const i = LEVELS.indexOf(level)
  return level === 'community' || level === 'grid' ? null : (LEVELS[i + 1] as Exclude<Level, 'province' | 'grid'>)
}

/** The prefix length that keys a region's children: 4 under a province, … 12 under a town. */
export function childDepth(level: Level): number {
  const c = childLevel(level)
  return c ? PREFIX[c] : 12
}

/**
 * The streams a change in a community is published on: itself and every region above it, up to
 * the province. A stream nobody follows costs a map lookup.
 */
export function streamsOf(communityCode: string): string[] {
  return [communityCode, ancestorAt(communityCode, 'town'), ancestorAt(communityCode, 'county'), ancestorAt(communityCode, 'city'), ancestorAt(communityCode, 'province')]
}

export function within(code: string, region: string): boolean {
  return code.startsWith(prefixOf(region))
}

/** An urban community (a 社区, not a 村 nor an administrative 虚拟社区): where most cases come from. */
export const isUrban = (name: string) => name.endsWith('社区') && !name.includes('虚拟')
