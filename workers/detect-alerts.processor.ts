import { jobIds } from '../src/queue/job-ids.ts';
import type { Processor } from './processor.types.ts';

/** Runs detection, then queues one delivery per new alert and webhook (deliveries retry on their own). */
export const detectAlertsProcessor: Processor<'detect-alerts'> = async ({ at }, { container }) => {
  const outcome = await container.analytics.alerts.detect(at ? new Date(at) : new Date());
  for (const alert of outcome.raised) {
    container.logger.info({ alertId: alert._id, series: alert.series, label: alert.label, hour: alert.hour, severity: alert.severity }, 'alert_raised');
    for (const url of container.config.alerts.webhooks) {
      await container.queues.enqueue('deliver-alert', { alertId: alert._id, url }, { jobId: jobIds.deliverAlert(alert._id, url) });
    }
  }
  return { evaluated: outcome.evaluated, raised: outcome.raised.length, updated: outcome.updated.length };
};
