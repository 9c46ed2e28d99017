/** BullMQ job schedulers of the analytics area: spike detection every few minutes, the digest every Monday 08:00. */
import type { Queue } from 'bullmq';
import type { Config } from '../../../config/load-config.ts';
import { schedulerIds } from '../../queue/job-ids.ts';

/** Idempotent: upserting a scheduler with the same id replaces it, so every worker may call this at start-up. */
export async function startAnalyticsSchedules(queue: Queue, config: Pick<Config, 'alerts' | 'digests'>): Promise<void> {
  await queue.upsertJobScheduler(schedulerIds.detectAlerts, { every: config.alerts.everySec * 1000 }, { name: 'detect-alerts', data: {} });
  await queue.upsertJobScheduler(schedulerIds.weeklyDigest, { pattern: '0 8 * * 1', tz: config.digests.timeZone }, { name: 'build-digest', data: {} });
}
