import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../../server/openapi/document'

describe('docs/openapi.json', () => {
  it('matches the contract it is generated from (run npm run openapi after changing it)', () => {
    const committed = JSON.parse(readFileSync('docs/openapi.json', 'utf8'))
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())))
    expect(Object.keys(committed.paths)).toContain('/api/v1/cases/{id}/transitions')
  })
})
