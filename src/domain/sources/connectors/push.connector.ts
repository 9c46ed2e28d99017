/**
 * Push-only sources: survey webhooks (`POST /v1/webhooks/:sourceId`) and file imports
 * (`earshot import`). Never polled; the settings map a webhook's JSON body to items.
 */
import { z } from 'zod';
import type { SourceConnector } from './connector.types.ts';

const fieldPath = z.string().regex(/^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/, 'a dotted path such as form_response.answers');

const settingsSchema = z
  .object({
    /** Dotted path to the array of responses in a webhook body; empty: the body is one response or an array. */
    itemsPath: z.union([fieldPath, z.literal('')]).default(''),
    fields: z
      .object({
        id: fieldPath.optional(),
        text: fieldPath.default('text'),
        publishedAt: fieldPath.optional(),
        author: fieldPath.optional(),
        url: fieldPath.optional(),
        rating: fieldPath.optional(),
        nps: fieldPath.optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

export type PushSettings = z.infer<typeof settingsSchema>;

export const pushConnector: SourceConnector<PushSettings> = {
  type: 'push',
  settingsSchema,
  polled: false,
  async poll() {
    return { notModified: true, items: [], checkpoint: {} };
  },
};
