import { alertPayload } from '../src/domain/alerts/alert-message.ts';
import { deliverOrFail } from '../src/domain/alerts/deliver-webhook.ts';
import { alertLink } from '../src/domain/alerts/destinations/links.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import type { Processor } from './processor.types.ts';

export const deliverAlertProcessor: Processor<'deliver-alert'> = async ({ alertId, url, format }, { container, job }) => {
  const alert = await container.analytics.alertRepo.get(alertId);
  if (!alert) throw new PermanentError(`alert ${alertId} not found`);
  const body = alertPayload(format, alert, alertLink(container.config.api.publicUrl, alertId));
  const result = await deliverOrFail({ url, format }, body, container.config.webhookSecret, `alert_${alertId}`);
  container.logger.info({ alertId, format, status: result.status, ms: result.ms, attempt: job.attemptsMade + 1 }, 'alert_delivered');
  return result;
};
