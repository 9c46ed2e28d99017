/** BullMQ job schedulers of the analytics area: spike detection every few minutes, the digest every Monday 08:00. */
import type { Queue } from 'bullmq';
import type { Config } from '../../../config/load-config.ts';

export const DETECT_SCHEDULER_ID = 'detect-alerts';
export const DIGEST_SCHEDULER_ID = 'weekly-digest';

/** Idempotent: upserting a scheduler with the same id replaces it, so every worker may call this at start-up. */
export async function startAnalyticsSchedules(queue: Queue, config: Pick<Config, 'alerts' | 'digests'>): Promise<void> {
  await queue.upsertJobScheduler(DETECT_SCHEDULER_ID, { every: config.alerts.everySec * 1000 }, { name: 'detect-alerts', data: {} });
  await queue.upsertJobScheduler(DIGEST_SCHEDULER_ID, { pattern: '0 8 * * 1', tz: config.digests.timeZone }, { name: 'build-digest', data: {} });
}
