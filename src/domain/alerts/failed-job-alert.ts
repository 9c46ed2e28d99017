/**
 * A job that ran out of retries becomes an alert like a spike: listed in `GET /v1/alerts`,
 * acknowledged there, and delivered to the alert destinations. The failure is first recorded in
 * Redis (job-alert.repository.ts), since a store outage is the usual cause; it is raised here once
 * the store answers.
 *
 * One alert per failure: the id comes from the job id and the moment it failed for good, so the
 * same failure seen twice (two sweeps, a retried raise) is stored and delivered once, while a batch
 * that is retried and fails for good again raises a new alert.
 */
import { createHash } from 'node:crypto';
import { FAILED_BATCH, type AlertDoc, type AlertRepository } from './alert.repository.ts';
import type { JobAlert, JobAlertRepository } from './job-alert.repository.ts';

export const RETRY_FAILED = 'POST /v1/admin/failed/retry';

/** Hashed like spike alert ids (20 hex digits, what the routes accept; job ids may contain `:`). */
const failedAlertId = (j: JobAlert): string => createHash('sha256').update(`failed|${j.queue}|${j.jobId}|${j.at}`).digest('hex').slice(0, 20);

/** The stored alert for one failure (pure). Its figure is the batch's item count. */
export function failedJobAlert(j: JobAlert, now: Date): AlertDoc {
  const id = failedAlertId(j);
  const at = new Date(j.at);
  const hour = j.at.slice(0, 13);
  const items = j.items ?? 0;
  return {
    _id: id,
    key: `failed|${j.queue}`,
    event: id,
    scope: 'failed',
    label: j.label ?? null,
    series: FAILED_BATCH,
    hour,
    start: at,
    severity: 'high',
    status: 'open',
    figures: { value: items, volume: items, median: 0, mad: 0, z: 0, baselineSamples: 0, method: 'all-hours' },
    topTerms: [],
    samples: [],
    createdAt: now,
    lastSeenHour: hour,
    lastSeenAt: at,
    occurrences: 1,
    peakZ: 0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    failure: { queue: j.queue, jobId: j.jobId, job: j.job, items: j.items, error: j.error, attemptsMade: j.attemptsMade, retry: RETRY_FAILED },
  };
}

export class FailedJobAlerts {
  constructor(private readonly deps: { jobAlerts: JobAlertRepository; alerts: AlertRepository }) {}

  /** Raises every recorded failure not yet in the store; returns the alerts new to the store (to deliver). */
  async raisePending(now = new Date()): Promise<AlertDoc[]> {
    const raised: AlertDoc[] = [];
    for (const j of await this.deps.jobAlerts.pending()) {
      const alert = failedJobAlert(j, now);
      if (await this.deps.alerts.insert(alert)) raised.push(alert);
      await this.deps.jobAlerts.settle(j);
    }
    return raised;
  }
}
