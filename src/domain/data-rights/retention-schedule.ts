/** The daily retention purge as a BullMQ job scheduler. */
import type { Queue } from 'bullmq';
import type { Config } from '../../../config/load-config.ts';
import { schedulerIds } from '../../queue/job-ids.ts';

/** Idempotent (every worker calls it at start-up); without any retention period the scheduler is removed. */
export async function startRetentionSchedule(queue: Queue, config: Pick<Config, 'privacy'>): Promise<void> {
  if (Object.keys(config.privacy.retentionDays).length === 0) {
    await queue.removeJobScheduler(schedulerIds.retentionPurge);
    return;
  }
  await queue.upsertJobScheduler(schedulerIds.retentionPurge, { pattern: '15 3 * * *', tz: 'UTC' }, { name: 'purge-retention', data: {} });
}
