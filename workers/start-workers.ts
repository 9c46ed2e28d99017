/** Runs one BullMQ worker per queue, dispatching each job to its registered processor. */
import { Worker, type Job } from 'bullmq';
import type { Classifier } from '../src/domain/classification/classification.types.ts';
import type { Container } from '../src/app/compose.ts';
import { createRedis } from '../src/infra/redis.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import { JOB_SCHEMAS, QUEUE_NAMES, parseJobPayload, type JobName } from '../src/queue/jobs.ts';
import { retryDelayMs, retryWindowMs } from '../src/queue/retry-backoff.ts';
import { asJobFailure } from './job-failure.ts';
import { queueAlertDeliveries } from './queue-alert-deliveries.ts';
import { PROCESSORS } from './registry.ts';
import type { Processor } from './processor.types.ts';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, waits for the ones in flight, closes connections. Safe to call twice. */
  close(): Promise<void>;
}

const isJobName = (name: string): name is JobName => name in JOB_SCHEMAS;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const ALERT_DELIVERIES = new Set<string>(['deliver-alert', 'email-alert']);

/**
 * Raises recorded job failures as alerts and queues their deliveries. The store is often what
 * failed: then they stay pending, and the next worker start or detect-alerts run raises them.
 */
async function raiseFailedJobAlerts(container: Container): Promise<void> {
  try {
    for (const alert of await container.analytics.failedJobAlerts.raisePending()) await queueAlertDeliveries(container, alert);
  } catch (err) {
    container.logger.warn({ err: errorText(err) }, 'failed_job_alerts_pending');
  }
}

export async function startWorkers(container: Container, classifier: Classifier): Promise<RunningWorkers> {
  const { config, logger } = container;
  // Before the first job: heals lookups that Redis lost or restored from an older snapshot.
  await container.triage.rebuildLookups();
  await raiseFailedJobAlerts(container);
  const connection = createRedis(config.redis, 'worker');
  container.redisOutage.watch(connection, 'worker');

  const run = async (job: Job): Promise<unknown> => {
    if (!isJobName(job.name)) throw new PermanentError(`no processor for job "${job.name}"`);
    const payload = parseJobPayload(job.name, job.data);
    const processor = PROCESSORS[job.name] as Processor<JobName>;
    return processor(payload, { container, classifier, job });
  };
  const process = async (job: Job): Promise<unknown> => {
    try {
      return await run(job);
    } catch (err) {
      throw asJobFailure(err);
    }
  };

  const workers = Object.values(QUEUE_NAMES).map((queueName) => {
    const worker = new Worker(queueName, process, {
      connection,
      prefix: config.queue.prefix,
      concurrency: config.queue.concurrency,
      settings: { backoffStrategy: (attemptsMade) => retryDelayMs(attemptsMade, config.queue) },
    });
    worker.on('failed', (job, err) => {
      logger.warn({ queue: queueName, jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job_failed');
      // `finishedOn` is set only when the job leaves for the failed set: no attempt is left.
      if (!job?.id || !job.finishedOn) return;
      const data = job.data as { items?: unknown[]; label?: unknown } | undefined;
      const alert = {
        queue: queueName,
        jobId: job.id,
        job: job.name,
        items: Array.isArray(data?.items) ? data.items.length : null,
        label: typeof data?.label === 'string' && data.label ? data.label : null,
        error: err.message,
        attemptsMade: job.attemptsMade,
        at: new Date(job.finishedOn).toISOString(),
      };
      logger.error(alert, 'job_failed_for_good');
      // A failed delivery of an alert is not alerted on: it would go to the same destinations.
      if (ALERT_DELIVERIES.has(job.name)) {
        container.analytics.jobAlerts.record(alert, { raise: false }).catch((e: unknown) => logger.warn({ jobId: job.id, err: errorText(e) }, 'job_alert_not_recorded'));
        return;
      }
      container.analytics.jobAlerts
        .record(alert)
        .then(() => raiseFailedJobAlerts(container))
        .catch((e: unknown) => logger.warn({ jobId: job.id, err: errorText(e) }, 'job_alert_not_recorded'));
    });
    // BullMQ's own connections retry every second during an outage: reported once, not per retry.
    worker.on('error', (err) => {
      if (!container.redisOutage.absorb(err, `worker:${queueName}`)) logger.error({ queue: queueName, err: err.message }, 'worker_error');
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  logger.info({ attempts: config.queue.attempts, retryWindowSec: Math.round(retryWindowMs(config.queue) / 1000) }, 'job_retries');

  let closing: Promise<void> | undefined;
  return {
    workers,
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((w) => w.close()));
        connection.disconnect();
      })();
      return closing;
    },
  };
}
