/** 台账导入: uploading a centre's earlier ledger (.xlsx or .csv). The file's headers and rows: server/imports/ledger.ts. */
import { z } from 'zod'
import { LEDGER_FIELD_NAMES } from '../imports/ledger'

const field = z.enum(LEDGER_FIELD_NAMES as [string, ...string[]])
/** Times without a zone (2026-01-05 09:30, Excel date cells) are read in this zone; without it they are refused. */
const zone = z.enum(['Asia/Shanghai']).nullable().default(null)
/** The page's column mapping: a field → the header of the column it is read from. */
const mapping = z.partialRecord(field, z.string().max(200)).default({})

/** The upload as JSON: the file in base64 (the page), with the options. */
export const ImportUpload = z
  .object({
    file: z.string().min(1, 'the file, in base64').max(56 * 2 ** 20, 'at most 40 MB of file'),
    name: z.string().trim().min(1).max(200).default('台账'),
    dryRun: z.boolean().default(true),
    zone,
    mapping,
  })
  .strict()
export type ImportUpload = z.infer<typeof ImportUpload>

/** The upload as the file itself (a script: curl --data-binary @台账.xlsx): the options in the query. */
export const ImportUploadQuery = z
  .object({
    name: z.string().trim().min(1).max(200).default('台账'),
    dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    zone,
    mapping: z
      .string()
      .max(4000)
      .optional()
      .transform((s, ctx) => {
        if (!s) return {}
        try {
          return mapping.parse(JSON.parse(s))
        } catch {
          ctx.addIssue({ code: 'custom', message: 'a JSON object of field → header' })
          return z.NEVER
        }
      }),
  })
  .strict()
