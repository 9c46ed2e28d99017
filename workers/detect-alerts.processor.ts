import { queueAlertDeliveries } from './queue-alert-deliveries.ts';
import type { Processor } from './processor.types.ts';

/**
 * Runs detection, then queues the deliveries of each new alert. Also raises the failed-job alerts
 * that could not be stored when their job failed (the store was down): this runs every few minutes.
 */
export const detectAlertsProcessor: Processor<'detect-alerts'> = async ({ at }, { container }) => {
  const outcome = await container.analytics.alerts.detect(at ? new Date(at) : new Date());
  for (const alert of outcome.raised) await queueAlertDeliveries(container, alert);
  const failed = await container.analytics.failedJobAlerts.raisePending();
  for (const alert of failed) await queueAlertDeliveries(container, alert);
  return { evaluated: outcome.evaluated, raised: outcome.raised.length, updated: outcome.updated.length, failedJobs: failed.length };
};
