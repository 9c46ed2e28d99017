import { deliverOrFail } from '../src/domain/alerts/deliver-webhook.ts';
import { digestLink } from '../src/domain/alerts/destinations/links.ts';
import { digestPayload } from '../src/domain/digests/digest-message.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import type { Processor } from './processor.types.ts';

export const deliverDigestProcessor: Processor<'deliver-digest'> = async ({ week, url, format }, { container }) => {
  const digest = await container.analytics.digestRepo.get(week);
  if (!digest) throw new PermanentError(`digest ${week} not found`);
  const body = digestPayload(format, digest, digestLink(container.config.api.publicUrl, week));
  const result = await deliverOrFail({ url, format }, body, container.config.webhookSecret, `digest_${week}_${Date.parse(digest.generatedAt)}`);
  container.logger.info({ week, format, status: result.status, ms: result.ms }, 'digest_delivered');
  return result;
};
