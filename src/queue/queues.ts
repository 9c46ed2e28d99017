/** Creates the queues and the one typed way to enqueue a job. */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_QUEUE, QUEUE_NAMES, parseJobPayload, type JobName, type JobPayload, type QueueName } from './jobs.ts';

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

export class Queues {
  readonly byName: Record<QueueName, Queue>;
  private closed = false;

  constructor(connection: Redis, private readonly settings: QueueSettings) {
    const defaultJobOptions: JobsOptions = {
      attempts: settings.attempts,
      backoff: { type: 'exponential', delay: settings.backoffMs },
      // Keep a bounded history: enough to inspect, never enough to fill Redis.
      removeOnComplete: { count: 1000, age: 24 * 3600 },
      removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
    };
    this.byName = Object.fromEntries(
      Object.values(QUEUE_NAMES).map((name) => [
        name,
        new Queue(name, { connection, prefix: settings.prefix, defaultJobOptions }),
      ]),
    ) as Record<QueueName, Queue>;
  }

  /** Validates the payload, then adds it; `jobId` should be derived from the data so a retry is a no-op. */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: JobsOptions = {}): Promise<string> {
    const data = parseJobPayload(name, payload);
    const job = await this.byName[JOB_QUEUE[name]].add(name, data, options);
    return job.id ?? '';
  }

  async enqueueMany<N extends JobName>(name: N, jobs: Array<{ payload: JobPayload<N>; jobId?: string }>): Promise<void> {
    if (jobs.length === 0) return;
    await this.byName[JOB_QUEUE[name]].addBulk(
      jobs.map((j) => ({ name, data: parseJobPayload(name, j.payload), opts: j.jobId ? { jobId: j.jobId } : {} })),
    );
  }

  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const entries = await Promise.all(
      Object.entries(this.byName).map(async ([name, queue]) => [
        name,
        await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'paused'),
      ]),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  /** Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(Object.values(this.byName).map((q) => q.close()));
  }
}
