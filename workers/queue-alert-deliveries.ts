import type { Container } from '../src/app/compose.ts';
import type { AlertDoc } from '../src/domain/alerts/alert.repository.ts';
import { alertTargets } from '../src/domain/alerts/destinations/route-destinations.ts';
import { jobIds } from '../src/queue/job-ids.ts';

/** Queues one delivery per destination routed the alert's brand (deliveries retry on their own). */
export async function queueAlertDeliveries(container: Container, alert: AlertDoc): Promise<void> {
  container.logger.info({ alertId: alert._id, series: alert.series, label: alert.label, hour: alert.hour, severity: alert.severity }, 'alert_raised');
  const targets = alertTargets(alert.label, container.config.alerts.destinations);
  for (const { url, format } of targets.webhooks) {
    await container.queues.enqueue('deliver-alert', { alertId: alert._id, url, format }, { jobId: jobIds.deliverAlert(alert._id, format, url) });
  }
  for (const to of targets.emails) {
    await container.queues.enqueue('email-alert', { alertId: alert._id, to }, { jobId: jobIds.emailAlert(alert._id, to) });
  }
}
