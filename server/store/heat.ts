import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client'
import { hoursOf } from '../domain/time'

/** Where and when volunteers served: aggregates over the activity rows of a period. */
export async function volunteerHeat(db: Db, prefix: string, from: Date) {
  const like = `${prefix}%`
  // Places rounded to 0.005° (about 500 m): a heat map of points, not of individual sessions.
  const points = await queryRows<{ lng: number; lat: number; minutes: number }>(db, sql`
    select round(lng::numeric / 0.005) * 0.005 as lng, round(lat::numeric / 0.005) * 0.005 as lat, sum(minutes)::int as minutes
    from volunteer_activities where community_code like ${like} and started_at >= ${from}
    group by 1, 2`)
  const cells = await queryRows<{ dow: number; hour: number; minutes: number }>(db, sql`
    select extract(isodow from started_at at time zone 'Asia/Shanghai')::int as dow,
           extract(hour from started_at at time zone 'Asia/Shanghai')::int as hour, sum(minutes)::int as minutes
    from volunteer_activities where community_code like ${like} and started_at >= ${from}
    group by 1, 2`)
  const matrix = Array.from({ length: 7 }, () => Array<number>(24).fill(0))
  for (const c of cells) matrix[c.dow - 1]![c.hour] = hoursOf(c.minutes)
  return {
    points: points.map((p) => [Number(p.lng), Number(p.lat), hoursOf(p.minutes)] as [number, number, number]),
    matrix,
  }
}
