import type { Db } from '../client'
import { units, type NewRegion } from '../schema'
import { ancestorAt } from '../../server/domain/regions'
import type { Rng } from './random'
import { COMMUNITY_UNIT, COUNTY_UNITS, GIVEN, SURNAMES, TOWN_UNITS, UNITS_BY_CATEGORY } from './vocabulary'

/** Picks the unit a case of `category` in `communityCode` is dispatched to, from the directory. */
export type UnitPicker = (r: Rng, category: string, communityCode: string) => { id: number | null; name: string }

/** The name a unit of the demo directory has: the place's name and the unit's suffix. */
export function demoUnitName(names: Map<string, string>, level: 'county' | 'town' | 'community', suffix: string, communityCode: string) {
  const code = level === 'community' ? communityCode.slice(0, 12) : ancestorAt(communityCode, level)
  return { regionCode: code, name: `${names.get(code) ?? ''}${suffix}` }
}

/**
 * Writes the demo's units directory for the counties in `regionRows`: the county's departments,
 * each town's offices and each village's or community's mediation committee, each under the
 * unit above it. Contacts are made up and only written with `contacts` (the demo with history).
 */
export async function seedUnits(db: Db, r: Rng, regionRows: NewRegion[], contacts: boolean): Promise<UnitPicker> {
  const names = new Map(regionRows.map((x) => [x.code, x.name]))
  const ids = new Map<string, number>()
  const key = (regionCode: string, name: string) => `${regionCode}|${name}`
  const contact = () => (contacts ? { contactName: r.pick(SURNAMES) + r.pick(GIVEN), contactPhone: `0359-75${String(r.int(0, 99999)).padStart(5, '0')}` } : {})
  const insert = async (rows: { name: string; regionCode: string; parentId: number | null }[]) => {
    for (let i = 0; i < rows.length; i += 500) {
      const done = await db.insert(units).values(rows.slice(i, i + 500).map((x) => ({ ...x, ...contact() }))).returning({ id: units.id, name: units.name, regionCode: units.regionCode })
      for (const u of done) ids.set(key(u.regionCode, u.name), u.id)
    }
  }
  const counties = regionRows.filter((x) => x.level === 'county')
  const towns = regionRows.filter((x) => x.level === 'town')
  const communities = regionRows.filter((x) => x.level === 'community')
  await insert(counties.flatMap((c) => COUNTY_UNITS.filter((u) => !u.parent).map((u) => ({ name: c.name + u.suffix, regionCode: c.code, parentId: null }))))
  await insert(counties.flatMap((c) => COUNTY_UNITS.filter((u) => u.parent).map((u) => ({ name: c.name + u.suffix, regionCode: c.code, parentId: ids.get(key(c.code, c.name + u.parent))! }))))
  await insert(towns.flatMap((t) => {
    const county = ancestorAt(t.code, 'county')
    return TOWN_UNITS.map((u) => ({ name: t.name + u.suffix, regionCode: t.code, parentId: ids.get(key(county, names.get(county) + u.parent)) ?? null }))
  }))
  await insert(communities.map((c) => {
    const town = ancestorAt(c.code, 'town')
    return { name: c.name + COMMUNITY_UNIT, regionCode: c.code, parentId: ids.get(key(town, names.get(town) + COMMUNITY_UNIT)) ?? null }
  }))
  return (rng, category, communityCode) => {
    const pick = rng.pick(UNITS_BY_CATEGORY[category] ?? [{ level: 'town' as const, suffix: '综治中心' }])
    const u = demoUnitName(names, pick.level, pick.suffix, communityCode)
    return { id: ids.get(key(u.regionCode, u.name))!, name: u.name }
  }
}
