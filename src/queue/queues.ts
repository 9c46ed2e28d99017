/** Creates the queues and the one typed way to enqueue a job. */
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_QUEUE, QUEUE_NAMES, parseJobPayload, type JobName, type JobPayload, type QueueName } from './jobs.ts';
import { BACKOFF_TYPE } from './retry-backoff.ts';

export interface QueueSettings {
  prefix: string;
  attempts: number;
  backoffMs: number;
}

/** A job in the failed set: it ran out of attempts, or failed for good at once. */
export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
  /** Items of a classify batch (accepted, not yet all stored and counted). */
  items: number | null;
}

/**
 * Failed jobs read at a time: each carries its payload (a classify batch up to 1,000 items), and
 * the failed set keeps up to 10,000 per queue, so they are listed newest first a page at a time.
 */
const FAILED_PAGE = 100;

export class Queues {
  readonly byName: Record<QueueName, Queue>;
  private closed = false;

  constructor(connection: Redis, private readonly settings: QueueSettings) {
    const defaultJobOptions: JobsOptions = {
      attempts: settings.attempts,
      // Capped exponential (retry-backoff.ts); the workers compute the delays.
      backoff: { type: BACKOFF_TYPE, delay: settings.backoffMs },
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

  /**
   * Validates the payload, then adds it; `jobId` should be derived from the data so a retry is a
   * no-op. A job with that id sitting in the failed set runs again: BullMQ ignores a duplicate id,
   * so without this a re-sent batch that had failed would be answered and never run.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: JobsOptions = {}): Promise<string> {
    const data = parseJobPayload(name, payload);
    const queue = this.byName[JOB_QUEUE[name]];
    const job = await queue.add(name, data, options);
    if (options.jobId) await this.rerunIfFailed(queue, options.jobId);
    return job.id ?? '';
  }

  async enqueueMany<N extends JobName>(name: N, jobs: Array<{ payload: JobPayload<N>; jobId?: string }>): Promise<void> {
    if (jobs.length === 0) return;
    const queue = this.byName[JOB_QUEUE[name]];
    await queue.addBulk(jobs.map((j) => ({ name, data: parseJobPayload(name, j.payload), opts: j.jobId ? { jobId: j.jobId } : {} })));
    for (const j of jobs) if (j.jobId) await this.rerunIfFailed(queue, j.jobId);
  }

  private async rerunIfFailed(queue: Queue, jobId: string): Promise<void> {
    if ((await queue.getJobState(jobId)) !== 'failed') return;
    const job = await queue.getJob(jobId);
    if (job) await retryJob(job);
  }

  /** The failed set of every queue, newest first (at most FAILED_PAGE per queue). */
  async failed(): Promise<FailedJob[]> {
    const lists = await Promise.all(
      (Object.entries(this.byName) as Array<[QueueName, Queue]>).map(async ([queueName, queue]) =>
        (await queue.getFailed(0, FAILED_PAGE - 1)).filter((j): j is Job => Boolean(j)).map((j) => describeFailed(queueName, j)),
      ),
    );
    return lists.flat().sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
  }

  /** Runs failed jobs again with their attempts reset: all of them, or those with the given ids. Returns what it moved. */
  async retryFailed(ids?: string[]): Promise<FailedJob[]> {
    const retried: FailedJob[] = [];
    for (const [queueName, queue] of Object.entries(this.byName) as Array<[QueueName, Queue]>) {
      if (ids) {
        for (const id of ids) {
          const job = (await queue.getJobState(id)) === 'failed' ? await queue.getJob(id) : undefined;
          const described = job && describeFailed(queueName, job);
          if (job && described && (await retryJob(job))) retried.push(described);
        }
        continue;
      }
      // Each retried job leaves the failed set, so the first page is always the next one.
      for (let page = await queue.getFailed(0, FAILED_PAGE - 1); page.length; page = await queue.getFailed(0, FAILED_PAGE - 1)) {
        let moved = 0;
        for (const job of page) {
          const described = job && describeFailed(queueName, job);
          if (job && described && (await retryJob(job))) {
            retried.push(described);
            moved++;
          }
        }
        if (moved === 0) break;
      }
    }
    return retried;
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

/** Moves a failed job back to waiting with its attempts reset; false when another caller moved it first. */
async function retryJob(job: Job): Promise<boolean> {
  return job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).then(
    () => true,
    () => false,
  );
}

/** Captured before a retry resets the job's error and attempts. */
function describeFailed(queue: QueueName, j: Job): FailedJob {
  const items = (j.data as { items?: unknown[] } | undefined)?.items;
  return {
    queue,
    id: j.id ?? '',
    name: j.name,
    failedReason: j.failedReason ?? '',
    attemptsMade: j.attemptsMade,
    failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    items: Array.isArray(items) ? items.length : null,
  };
}
