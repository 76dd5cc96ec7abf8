/**
 * The suite on a later day: a case the test helper makes with its default times under a clock
 * months after the usual test day is still today's news (not a late record kept out of the
 * feed), so the tests that expect it there hold whatever the date.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { manualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ clock: manualClock('2027-01-15T10:00:00+08:00') })
})
afterAll(async () => {
  await t?.close()
})

it('makes today’s cases on any day: accepted, in the feed, counted today', async () => {
  const made = await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY }))
  expect(made.status).toBe(201)
  expect(made.body.late).toBe(false)
  const snap = (await api(t.url, 'GET', '/api/v1/snapshot?region=140825000000')).body
  expect(snap.feed[0].id).toBe(made.body.id)
  expect(snap.aggregates.today.accepted).toBe(1)
})
