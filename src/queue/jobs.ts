/** Job names and their payload schemas: the typed contract between producers and processors. */
import { z } from 'zod';
import { DIGEST_ROLES, WEBHOOK_FORMATS } from '../../config/destinations.ts';
import { isoInstant } from '../domain/date-rule.ts';
import { FEEDBACK_KINDS } from '../domain/classification/classification.types.ts';

// `analytics` runs alert detection, digests and their webhooks apart from ingestion, so a slow receiver never delays it.
export const QUEUE_NAMES = { poll: 'poll', ingest: 'ingest', analytics: 'analytics' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * Above any real audience (ten billion), and small enough that a batch's sum stays an exact number
 * in the counters: an unbounded reach (1e308) once made a counting script fail halfway. The edge
 * (incoming-item.ts) and the queued payload share it.
 */
export const MAX_REACH = 10_000_000_000;

export const queuedItemSchema = z.object({
  externalId: z.string().min(1),
  text: z.string().min(1),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  authorHash: z.string().nullable(),
  url: z.string().optional(),
  rating: z.number().int().min(1).max(5).optional(),
  nps: z.number().int().min(0).max(10).optional(),
  reach: z.number().int().min(0).max(MAX_REACH).optional(),
  publishedAt: isoInstant(),
  /**
   * Small source-specific facts (an app version, a subreddit). Keys are checked at the edge, not
   * here: an item whose keys the store refuses is set aside there, without failing its batch.
   */
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
  /** `at`: evaluate as if it were this instant (tests, replays); default now. */
  'detect-alerts': z.object({ at: isoInstant().optional() }),
  /** `format`: the body the destination reads (jobs queued before formats existed are `webhook`). */
  'deliver-alert': z.object({ alertId: z.string().min(1), url: z.string().url(), format: z.enum(WEBHOOK_FORMATS).default('webhook') }),
  /** One message per recipient address. */
  'email-alert': z.object({ alertId: z.string().min(1), to: z.string().email() }),
  /** `week`: ISO week (2026-W47); default the previous week in the digest time zone. */
  'build-digest': z.object({ week: z.string().regex(/^\d{4}-W\d{2}$/).optional(), deliver: z.boolean().optional() }),
  'deliver-digest': z.object({ week: z.string().regex(/^\d{4}-W\d{2}$/), url: z.string().url(), format: z.enum(WEBHOOK_FORMATS).default('webhook') }),
  /** One message per recipient address, holding the sections of every role that address is listed under. */
  'email-digest': z.object({ week: z.string().regex(/^\d{4}-W\d{2}$/), to: z.string().email(), roles: z.array(z.enum(DIGEST_ROLES)).min(1) }),
  /** `at`: purge as if it were this instant (tests); default now. */
  'purge-retention': z.object({ at: z.string().datetime().optional() }),
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  'poll-source': 'poll',
  'classify-batch': 'ingest',
  'detect-alerts': 'analytics',
  'deliver-alert': 'analytics',
  'email-alert': 'analytics',
  'build-digest': 'analytics',
  'deliver-digest': 'analytics',
  'email-digest': 'analytics',
  'purge-retention': 'analytics',
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
