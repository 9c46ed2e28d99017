/** Runs one BullMQ worker per queue, dispatching each job to its registered processor. */
import { Worker, type Job } from 'bullmq';
import type { Classifier } from '../src/domain/classification/classification.types.ts';
import type { Container } from '../src/app/compose.ts';
import { createRedis } from '../src/infra/redis.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import { JOB_SCHEMAS, QUEUE_NAMES, parseJobPayload, type JobName } from '../src/queue/jobs.ts';
import { asJobFailure } from './job-failure.ts';
import { PROCESSORS } from './registry.ts';
import type { Processor } from './processor.types.ts';

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, waits for the ones in flight, closes connections. Safe to call twice. */
  close(): Promise<void>;
}

const isJobName = (name: string): name is JobName => name in JOB_SCHEMAS;

export async function startWorkers(container: Container, classifier: Classifier): Promise<RunningWorkers> {
  const { config, logger } = container;
  // Before the first job: heals lookups that Redis lost or restored from an older snapshot.
  await container.triage.rebuildLookups();
  const connection = createRedis(config.redis, 'worker');

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
    });
    worker.on('failed', (job, err) =>
      logger.warn({ queue: queueName, jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job_failed'),
    );
    worker.on('error', (err) => logger.error({ queue: queueName, err: err.message }, 'worker_error'));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));

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
