/**
 * Typeform webhooks (`POST /v1/webhooks/:sourceId`, signed with `Typeform-Signature`): never
 * polled. NPS and rating questions map onto `nps` and `rating`, each free-text answer becomes an
 * item (see typeform-response.ts); the settings name questions by `ref` where the field type does
 * not say enough (a 1–5 opinion scale used for CSAT).
 */
import { z } from 'zod';
import type { SourceConnector } from './connector.types.ts';

const ref = z.string().trim().min(1).max(200);

const settingsSchema = z
  .object({
    /** The NPS question; default: the form's `nps` field. */
    npsField: ref.optional(),
    /** The CSAT question (1–5); default: the form's `rating` field. */
    ratingField: ref.optional(),
    /** The open questions; default: every `short_text` and `long_text` answer. */
    textFields: z.array(ref).max(50).optional(),
  })
  .strict()
  .default({});

export type TypeformSettings = z.infer<typeof settingsSchema>;

export const typeformConnector: SourceConnector<TypeformSettings> = {
  type: 'typeform',
  settingsSchema,
  polled: false,
  async poll() {
    return { notModified: true, items: [], checkpoint: {} };
  },
};
