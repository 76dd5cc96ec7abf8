/**
 * An installation upgraded with cases in it: a database at migration 0014 (rollups that mixed
 * disputes and appeals) takes 0015, which keys them by kind and recomputes them from the cases.
 * The result is what the running code keeps: equal to a full recomputation, itself equal to
 * the live rollups (seed.node.test.ts), per kind. And the organisations of before 双报到 (0016).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { asc, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPool, migrationsFolder, queryRows, type Db } from '../../db/client'
import * as schema from '../../db/schema'
import { caseDaily, caseDimDaily, countyDaily, regions } from '../../db/schema'
import { demoRegions } from '../../db/seed'
import { rebuildRollups } from '../../server/store/rollups'
import { withDatabase } from '../helpers/pgCluster'
import { pgUrl } from '../helpers/db'

const name = `t_up_${randomBytes(5).toString('hex')}`
let url: string
let pool: pg.Pool
let db: Db
const admin = async (text: string) => {
  const c = new pg.Client({ connectionString: pgUrl() })
  await c.connect()
  await c.query(text).finally(() => c.end())
}
/** Migrations up to and including `last` (a folder of their own, with the journal cut there). */
async function migrateTo(last: number | null) {
  const c = new pg.Client({ connectionString: url, options: '-c timezone=Asia/Shanghai' })
  await c.connect()
  let folder = migrationsFolder
  const tmp = last === null ? null : mkdtempSync(path.join(tmpdir(), 'migrations-'))
  try {
    if (tmp) {
      cpSync(migrationsFolder, tmp, { recursive: true })
      const journal = JSON.parse(readFileSync(path.join(tmp, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number }[] }
      journal.entries = journal.entries.filter((e) => e.idx <= last!)
      writeFileSync(path.join(tmp, 'meta/_journal.json'), JSON.stringify(journal))
      folder = tmp
    }
    await migrate(drizzle({ client: c, schema }), { migrationsFolder: folder })
  } finally {
    await c.end()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  }
}

beforeAll(async () => {
  await admin(`create database ${name}`)
  url = withDatabase(pgUrl(), name)
  await migrateTo(14)
  pool = createPool(url, 2)
  db = drizzle({ client: pool, schema }) as unknown as Db
}, 60_000)
afterAll(async () => {
  await pool?.end()
  await admin(`drop database if exists ${name} with (force)`)
})

const dump = async () => ({
  daily: await db.select().from(caseDaily).orderBy(asc(caseDaily.day), asc(caseDaily.communityCode), asc(caseDaily.kind)),
  dims: await db.select().from(caseDimDaily).orderBy(asc(caseDimDaily.day), asc(caseDimDaily.communityCode), asc(caseDimDaily.kind), asc(caseDimDaily.dim), asc(caseDimDaily.value)),
  county: await db.select().from(countyDaily).orderBy(asc(countyDaily.day), asc(countyDaily.countyCode), asc(countyDaily.kind)),
})

describe('upgrades of a database with data in it (0015: rollups by kind; 0016: 双报到; 0017: the seeds’ words)', () => {
  it('recomputes the rollups of a database with cases, per kind, as the running code keeps them', { timeout: 60_000 }, async () => {
    // At 0014: the demo county's places, and 60 cases of both kinds written as the old code left them.
    await db.insert(regions).values(demoRegions('county'))
    const places = await queryRows<{ code: string }>(db, sql`select code from regions where level = 'community' order by code limit 6`)
    const day = (i: number) => new Date(Date.UTC(2026, 0, 5 + (i % 60), 1 + (i % 8)))
    // By the columns of 0014 (the schema of today has more): named, as the old code wrote them.
    const rows = Array.from({ length: 60 }, (_, i) => {
      const accepted = day(i)
      const resolved = i % 3 ? new Date(+accepted + (1 + (i % 5)) * 86_400_000) : null
      const code = places[i % places.length]!.code
      return sql`(${`UP-${i}`}, ${i % 2 ? 'hotline' : 'visit'}, ${i % 4 === 0 ? 'appeal' : 'dispute'}, ${i % 2 ? 'neighbour' : 'family'}, 'simple', ${code}, ${code}, ${`${code.slice(0, 9)}000`},
        ${`升级前的第${i}件`}, 1, 'individual', 'low', ${resolved ? 'resolved' : 'accepted'}, ${accepted}, ${accepted}, ${new Date(+accepted + 15 * 86_400_000)},
        ${resolved}, ${resolved ? (i % 7 ? 'success' : 'failed') : null}, ${resolved ? (i % 5 ? 'village' : 'town') : null}, 'green', '[]'::jsonb, ${accepted}, ${accepted}, ${resolved ?? accepted})`
    })
    await db.execute(sql`insert into cases (external_id, source, kind, category, complexity, region_code, community_code, town_code, title, people_involved, scale, risk_level, status,
      reported_at, accepted_at, deadline_at, resolved_at, outcome, closing_level, colour, colour_reasons, colour_since, created_at, updated_at) values ${sql.join(rows, sql`, `)}`)
    // The old rollups: one row a community and day, both kinds together (no kind column yet).
    await db.execute(sql`insert into rollup_case_daily (community_code, day, accepted) select community_code, (accepted_at at time zone 'Asia/Shanghai')::date, count(*) from cases group by 1, 2`)
    // Organisations as they were kept before 双报到 (migration 0016): a name, a kind, perhaps a community.
    await db.execute(sql`insert into organisations (name, kind, community_code) values ('县水利局', 'paired_unit', ${places[0]!.code}), ('县红十字会', 'paired_unit', null)`)
    // Labels as the old defaults had them, and one a county edited.
    await db.execute(sql`insert into codes (kind, code, zh, en, sort, meta) values ('team', 'yellow', '黄色·便民服务', 'Yellow', 2, '{}'), ('team', 'green', '绿色·我们的志愿队', 'Green', 3, '{}'), ('postType', 'caring', '关爱帮扶岗', 'Caring', 1, '{}')`)
    const [old] = await queryRows<{ n: number }>(db, sql`select count(*)::int n from information_schema.columns where table_name = 'rollup_case_daily' and column_name = 'kind'`)
    expect(old!.n).toBe(0)

    await migrateTo(null)
    const migrated = await dump()
    // Per kind: the appeals' accepted count is the appeals', the disputes' the disputes'.
    const sum = (rows: { kind: string; accepted: number }[], kind: string) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.accepted, 0)
    expect([sum(migrated.daily, 'dispute'), sum(migrated.daily, 'appeal')]).toEqual([45, 15])
    expect([sum(migrated.county, 'dispute'), sum(migrated.county, 'appeal')]).toEqual([45, 15])
    const resolvedAppeals = migrated.daily.filter((r) => r.kind === 'appeal').reduce((s, r) => s + r.resolved, 0)
    expect(resolvedAppeals).toBe(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 4 === 0 && i % 3).length)
    // And what the running code computes from the same cases.
    await rebuildRollups(db)
    expect(await dump()).toEqual(migrated)
    // 0016: each belongs to a region (its community's county, else the top of the tree); one that had a community has reported there.
    const orgs = await queryRows<{ name: string; region_code: string; reported: boolean }>(db, sql`select name, region_code, reported_at is not null as reported from organisations order by name`)
    expect(orgs).toEqual([
      { name: '县水利局', region_code: '140825000000', reported: true },
      { name: '县红十字会', region_code: '140825000000', reported: false },
    ])
    // 0017: the old default labels in the seeds' words; the county's own label kept.
    expect(await queryRows(db, sql`select code, zh from codes order by code`)).toEqual([
      { code: 'caring', zh: '爱心守护岗' },
      { code: 'green', zh: '绿色·我们的志愿队' },
      { code: 'yellow', zh: '黄色·便民利民' },
    ])
  })
})
