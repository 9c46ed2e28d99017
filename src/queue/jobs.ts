/** Job names and their payload schemas: the typed contract between producers and processors. */
import { z } from 'zod';
import { FEEDBACK_KINDS } from '../domain/classification/classification.types.ts';

export const QUEUE_NAMES = { poll: 'poll', ingest: 'ingest' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const queuedItemSchema = z.object({
  externalId: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  authorHash: z.string().nullable(),
  url: z.string().optional(),
  rating: z.number().int().min(1).max(5).optional(),
  nps: z.number().int().min(0).max(10).optional(),
  reach: z.number().int().min(0).optional(),
  publishedAt: z.string().datetime(),
  /** Small source-specific facts (an app version, a subreddit). */
  meta: z.record(z.string().max(200)).optional(),
});
export type QueuedItem = z.infer<typeof queuedItemSchema>;

export const JOB_SCHEMAS = {
  /** `force`: poll now even while the source is backing off (`POST /v1/sources/:id/poll`). */
  'poll-source': z.object({ sourceId: z.string().min(1), force: z.boolean().optional() }),
  'classify-batch': z.object({
    batchId: z.string().min(1),
    sourceId: z.string().min(1),
    label: z.string(),
    kind: z.enum(FEEDBACK_KINDS),
    items: z.array(queuedItemSchema).min(1).max(1000),
  }),
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  'poll-source': 'poll',
  'classify-batch': 'ingest',
};

export class InvalidJobPayloadError extends Error {
  override name = 'InvalidJobPayloadError';
}

/** Validates a payload against its job's schema; throws a permanent error naming the bad fields. */
export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const result = JOB_SCHEMAS[name].safeParse(data);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InvalidJobPayloadError(`invalid ${name} payload: ${fields}`);
  }
  return result.data as JobPayload<N>;
}
