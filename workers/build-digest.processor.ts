import { digestTargets } from '../src/domain/alerts/destinations/route-destinations.ts';
import { previousIsoWeek } from '../src/domain/digests/digest-week.ts';
import { jobIds } from '../src/queue/job-ids.ts';
import type { Processor } from './processor.types.ts';

/** Builds (or rebuilds: one document per week) the digest, then queues its webhook and e-mail deliveries. */
export const buildDigestProcessor: Processor<'build-digest'> = async ({ week, deliver }, { container }) => {
  const target = week ?? previousIsoWeek(new Date(), container.config.digests.timeZone);
  const digest = await container.analytics.digests.build(target);
  container.logger.info({ week: target, volume: digest.headline.volume.value }, 'digest_built');
  if (deliver !== false) {
    const targets = digestTargets(container.config.digests.destinations, container.config.digests.emails);
    for (const { url, format } of targets.webhooks) {
      await container.queues.enqueue('deliver-digest', { week: target, url, format }, { jobId: jobIds.deliverDigest(target, format, url, digest.generatedAt) });
    }
    for (const { to, roles } of targets.emails) {
      await container.queues.enqueue('email-digest', { week: target, to, roles }, { jobId: jobIds.emailDigest(target, to, digest.generatedAt) });
    }
  }
  return { week: target };
};
