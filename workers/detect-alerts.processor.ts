import { alertTargets } from '../src/domain/alerts/destinations/route-destinations.ts';
import { jobIds } from '../src/queue/job-ids.ts';
import type { Processor } from './processor.types.ts';

/** Runs detection, then queues one delivery per new alert and destination routed its brand (deliveries retry on their own). */
export const detectAlertsProcessor: Processor<'detect-alerts'> = async ({ at }, { container }) => {
  const outcome = await container.analytics.alerts.detect(at ? new Date(at) : new Date());
  for (const alert of outcome.raised) {
    container.logger.info({ alertId: alert._id, series: alert.series, label: alert.label, hour: alert.hour, severity: alert.severity }, 'alert_raised');
    const targets = alertTargets(alert.label, container.config.alerts.destinations);
    for (const { url, format } of targets.webhooks) {
      await container.queues.enqueue('deliver-alert', { alertId: alert._id, url, format }, { jobId: jobIds.deliverAlert(alert._id, format, url) });
    }
    for (const to of targets.emails) {
      await container.queues.enqueue('email-alert', { alertId: alert._id, to }, { jobId: jobIds.emailAlert(alert._id, to) });
    }
  }
  return { evaluated: outcome.evaluated, raised: outcome.raised.length, updated: outcome.updated.length };
};
