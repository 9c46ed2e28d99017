import { jobIds } from '../src/queue/job-ids.ts';
import { previousIsoWeek } from '../src/domain/digests/digest-week.ts';
import type { Processor } from './processor.types.ts';

/** Builds (or rebuilds: one document per week) the digest, then queues its webhook deliveries. */
export const buildDigestProcessor: Processor<'build-digest'> = async ({ week, deliver }, { container }) => {
  const target = week ?? previousIsoWeek(new Date(), container.config.digests.timeZone);
  const digest = await container.analytics.digests.build(target);
  container.logger.info({ week: target, volume: digest.headline.volume.value }, 'digest_built');
  if (deliver !== false) {
    for (const url of container.config.digests.webhooks) {
      await container.queues.enqueue('deliver-digest', { week: target, url }, { jobId: jobIds.deliverDigest(target, url, digest.generatedAt) });
    }
  }
  return { week: target };
};
