import { alertSlackBody } from '../src/domain/alerts/alert-message.ts';
import { deliverOrFail } from '../src/domain/alerts/deliver-webhook.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import type { Processor } from './processor.types.ts';

export const deliverAlertProcessor: Processor<'deliver-alert'> = async ({ alertId, url }, { container, job }) => {
  const alert = await container.analytics.alertRepo.get(alertId);
  if (!alert) throw new PermanentError(`alert ${alertId} not found`);
  const result = await deliverOrFail(url, alertSlackBody(alert), container.config.webhookSecret, `alert_${alertId}`);
  container.logger.info({ alertId, status: result.status, ms: result.ms, attempt: job.attemptsMade + 1 }, 'alert_delivered');
  return result;
};
