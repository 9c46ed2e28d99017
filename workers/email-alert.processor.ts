import { PermanentError } from '../src/domain/permanent.error.ts';
import { alertEmail } from '../src/domain/alerts/alert-message.ts';
import { mailOrFail } from '../src/domain/alerts/destinations/deliver-mail.ts';
import { alertLink } from '../src/domain/alerts/destinations/links.ts';
import type { Processor } from './processor.types.ts';

export const emailAlertProcessor: Processor<'email-alert'> = async ({ alertId, to }, { container, job }) => {
  const alert = await container.analytics.alertRepo.get(alertId);
  if (!alert) throw new PermanentError(`alert ${alertId} not found`);
  const { messageId } = await mailOrFail(container.mailer, { to, ...alertEmail(alert, alertLink(container.config.api.publicUrl, alertId)) });
  container.logger.info({ alertId, messageId, attempt: job.attemptsMade + 1 }, 'alert_emailed');
  return { messageId };
};
