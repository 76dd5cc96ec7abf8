/** Notices to phones: webhooks for a region's red flags, supervision notices and overdue cases. */
import { z } from 'zod'
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../../db/schema/webhooks'

export const WebhookCreate = z
  .object({
    name: z.string().trim().min(1).max(80),
    regionCode: z.string().regex(/^\d{12}$/, 'a 12-digit division code'),
    url: z
      .string()
      .trim()
      .max(500)
      .refine((u) => /^https?:\/\/[^\s/]+/i.test(u) && URL.canParse(u), 'an http:// or https:// address'),
    format: z.enum(WEBHOOK_FORMATS).default('json'),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'at least one event').max(WEBHOOK_EVENTS.length),
    /** The robot's own secret (DingTalk 加签); without it one is made and shown once. */
    secret: z.string().trim().max(200).optional(),
  })
  .strict()
export type WebhookCreate = z.infer<typeof WebhookCreate>
