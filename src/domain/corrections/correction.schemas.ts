import { z } from 'zod';
import { ASPECTS, CATEGORIES, COMPLAINT_BLAMES, COMPLAINT_INTENTS, SATISFACTION_LEVELS, SENTIMENT_LABELS } from '../classification/classification.types.ts';

/** `PATCH /v1/items/:id/classification`: the labels to fix; anything not sent keeps the current value. */
export const correctionInputSchema = z
  .object({
    category: z.enum(CATEGORIES).optional(),
    complaint: z.object({ intent: z.enum(COMPLAINT_INTENTS), blame: z.enum(COMPLAINT_BLAMES) }).strict().nullable().optional(),
    satisfaction: z.enum(SATISFACTION_LEVELS).nullable().optional(),
    advocacy: z.boolean().optional(),
    aspects: z.array(z.enum(ASPECTS)).max(ASPECTS.length).optional(),
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'note'), { message: 'send at least one label to correct' });

export type CorrectionInput = z.infer<typeof correctionInputSchema>;
