import { urlTag } from '../src/domain/alerts/deliver-webhook.ts';
import { digestTargets } from '../src/domain/alerts/destinations/route-destinations.ts';
import { previousIsoWeek } from '../src/domain/digests/digest-week.ts';
import type { Processor } from './processor.types.ts';

/** Builds (or rebuilds: one document per week) the digest, then queues its webhook and e-mail deliveries. */
export const buildDigestProcessor: Processor<'build-digest'> = async ({ week, deliver }, { container }) => {
  const target = week ?? previousIsoWeek(new Date(), container.config.digests.timeZone);
  const digest = await container.analytics.digests.build(target);
  container.logger.info({ week: target, volume: digest.headline.volume.value }, 'digest_built');
  if (deliver !== false) {
    const version = Date.parse(digest.generatedAt);
    const targets = digestTargets(container.config.digests.destinations, container.config.digests.emails);
    for (const { url, format } of targets.webhooks) {
      await container.queues.enqueue('deliver-digest', { week: target, url, format }, { jobId: `digest-${target}-${format}-${urlTag(url)}-${version}` });
    }
    for (const { to, roles } of targets.emails) {
      await container.queues.enqueue('email-digest', { week: target, to, roles }, { jobId: `digest-${target}-mail-${urlTag(to)}-${version}` });
    }
  }
  return { week: target };
};
