import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { appendLog } from '../log/append'
import type { ActivityChange } from '../log/entries'
import { activityParticipants, teams, volunteerActivities, volunteers as volunteersTable, type VolunteerActivity } from '../../db/schema'
import type { ActivityCreate } from '../contract'
import { aheadOfClock, dayOf } from '../domain/time'
import { badRequest, unprocessable } from '../errors'
import type { Registry } from './registry'
import { applyActivity } from './rollups'

export type { ActivityChange } from '../log/entries'

export class ActivityStore {
  constructor(private db: Db, private registry: Registry) {}

  /**
   * Idempotent on (writer, externalId): each outside system's ids are its own. Place defaults to
   * the community's map position. An activity cannot have ended after `now`.
   */
  async record(input: ActivityCreate, writer: string, now: Date): Promise<{ created: boolean; row: VolunteerActivity; change?: ActivityChange }> {
    const ahead = aheadOfClock(new Date(input.endedAt), now)
    if (ahead) throw badRequest('endedAt', ahead)
    if (!this.registry.has('team', input.team)) throw badRequest('team', `unknown code '${input.team}'`)
    if (!this.registry.has('activityKind', input.kind)) throw badRequest('kind', `unknown code '${input.kind}'`)
    const community = this.registry.region(input.communityCode)
    if (!community || community.level !== 'community') throw unprocessable('communityCode', `no community with code ${input.communityCode}`)
    const startedAt = new Date(input.startedAt)
    const endedAt = new Date(input.endedAt)
    const volunteers = input.volunteers ?? input.participants?.length ?? 1
    const duration = Math.round((+endedAt - +startedAt) / 60_000)
    const minutes = duration * volunteers
    // The roster's team and people: of this county (ids of elsewhere are answered as unknown).
    const county = input.communityCode.slice(0, 6)
    if (input.teamId !== undefined) {
      const [team] = await this.db.select().from(teams).where(eq(teams.id, input.teamId))
      if (!team || !team.regionCode.startsWith(county)) throw badRequest('teamId', `no team ${input.teamId} in this county (GET /api/v1/teams)`)
      if (team.colour !== input.team) throw badRequest('team', `team ${team.id} is ${team.colour}, not ${input.team}`)
    }
    if (input.participants) {
      const known = await this.db.select({ id: volunteersTable.id, communityCode: volunteersTable.communityCode }).from(volunteersTable).where(inArray(volunteersTable.id, input.participants))
      const here = new Set(known.filter((v) => v.communityCode.startsWith(county)).map((v) => v.id))
      const missing = input.participants.filter((id) => !here.has(id))
      if (missing.length) throw badRequest('participants', `no volunteer ${missing.slice(0, 5).join(', ')} in this county`)
    }
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(volunteerActivities)
        .values({
          externalId: input.externalId,
          writer,
          team: input.team,
          kind: input.kind,
          title: input.title,
          communityCode: input.communityCode,
          lat: input.lat ?? community.lat,
          lng: input.lng ?? community.lng,
          startedAt,
          endedAt,
          minutes,
          volunteers,
          peopleServed: input.peopleServed,
          teamId: input.teamId ?? null,
        })
        .onConflictDoNothing({ target: [volunteerActivities.writer, volunteerActivities.externalId] })
        .returning()
      if (!row) {
        const [existing] = await tx.select().from(volunteerActivities).where(and(eq(volunteerActivities.writer, writer), eq(volunteerActivities.externalId, input.externalId)))
        return { created: false, row: existing! }
      }
      if (input.participants) await tx.insert(activityParticipants).values(input.participants.map((volunteerId) => ({ activityId: row.id, volunteerId, minutes: duration })))
      await applyActivity(tx, { communityCode: row.communityCode, day: dayOf(row.startedAt), team: row.team, minutes, peopleServed: row.peopleServed })
      const change: ActivityChange = { type: 'activity', row }
      await appendLog(tx, [{ kind: 'activity', change }])
      return { created: true, row, change }
    })
  }
}
