/** An item as it arrives from a source or the push API, validated before it is queued. */
import { z } from 'zod';
import { dateInput } from '../date-rule.ts';
import { FEEDBACK_KINDS } from '../classification/classification.types.ts';

export const MAX_TEXT_LENGTH = 20_000;

export const incomingItemSchema = z
  .object({
    externalId: z.string().trim().min(1).max(512),
    text: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT_LENGTH),
    kind: z.enum(FEEDBACK_KINDS).optional(),
    author: z.string().max(512).optional(),
    url: z.string().url().max(2048).optional(),
    rating: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    publishedAt: dateInput().optional(),
    reach: z.number().int().min(0).optional(),
    language: z.string().min(2).max(8).optional(),
    meta: z
      .record(z.string().max(200))
      .refine((m) => Object.keys(m).length <= 10, 'at most 10 meta fields')
      .optional(),
  })
  .strict();

export type IncomingItem = z.infer<typeof incomingItemSchema>;
