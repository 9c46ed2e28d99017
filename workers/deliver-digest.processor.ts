import { deliverOrFail } from '../src/domain/alerts/deliver-webhook.ts';
import { digestSlackBody } from '../src/domain/digests/digest-message.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import type { Processor } from './processor.types.ts';

export const deliverDigestProcessor: Processor<'deliver-digest'> = async ({ week, url }, { container }) => {
  const digest = await container.analytics.digestRepo.get(week);
  if (!digest) throw new PermanentError(`digest ${week} not found`);
  const result = await deliverOrFail(url, digestSlackBody(digest), container.config.webhookSecret, `digest_${week}_${Date.parse(digest.generatedAt)}`);
  container.logger.info({ week, status: result.status, ms: result.ms }, 'digest_delivered');
  return result;
};
