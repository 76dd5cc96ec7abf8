import { LEVELS, levelOf, within } from '../../server/domain/regions'

interface RegionRow { code: string; name: string; level: string }

/** The regions an admin may pick (their own and below, no grids), indented by level, in code order. */
export function regionOptions(all: Iterable<RegionRow>, own: string): { code: string; label: string }[] {
  const top = LEVELS.indexOf(levelOf(own))
  return [...all]
    .filter((r) => r.level !== 'grid' && within(r.code, own))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({ code: r.code, label: `${'　'.repeat(Math.max(0, LEVELS.indexOf(levelOf(r.code)) - top))}${r.name}` }))
}
