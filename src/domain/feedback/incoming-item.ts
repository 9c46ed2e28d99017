/** An item as it arrives from a source or the push API, validated before it is queued. */
import { z } from 'zod';
import { dateInput } from '../date-rule.ts';
import { FEEDBACK_KINDS } from '../classification/classification.types.ts';
import { MAX_REACH } from '../../queue/jobs.ts';

export const MAX_TEXT_LENGTH = 20_000;
export const MAX_META_FIELDS = 10;

/** Meta keys become field names in the store: no `$` in front, no `.`, no NUL, short. */
export const metaKeySchema = z
  .string()
  .min(1, 'meta keys must not be empty')
  .max(64, 'meta keys are at most 64 characters')
  .refine((k) => !k.startsWith('$'), 'meta keys must not start with $')
  .refine((k) => !k.includes('.') && !k.includes('\u0000'), 'meta keys must not contain . or NUL');

export const metaSchema = z
  .record(metaKeySchema, z.string().max(200))
  .refine((m) => Object.keys(m).length <= MAX_META_FIELDS, `at most ${MAX_META_FIELDS} meta fields`);

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
    reach: z.number().int().min(0).max(MAX_REACH).optional(),
    language: z.string().min(2).max(8).optional(),
    meta: metaSchema.optional(),
  })
  .strict();

export type IncomingItem = z.infer<typeof incomingItemSchema>;
