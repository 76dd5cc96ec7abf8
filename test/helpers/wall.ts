import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startTestApp, type TestApp } from './app'
import { launchChromium } from './browser'

/** Screenshots land here: kept by CI as artefacts, never committed. */
export const ARTIFACTS = 'test/artifacts'

/** The real app over the demo county with history, and Debian's Chromium, for one test file. */
export function wallFixture(): { t: TestApp; browser: Browser } {
  const f = {} as { t: TestApp; browser: Browser }
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    f.t = await startTestApp({ history: true })
    f.browser = await launchChromium()
  })
  afterAll(async () => {
    await f.browser?.close()
    await f.t?.close()
  })
  return f
}
