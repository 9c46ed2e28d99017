/**
 * Alerts about work that ran out of retries: a batch in the failed set holds items that were
 * answered 202 and are not all stored and counted until someone retries it. Kept in Redis, beside
 * the failed set they describe: such failures usually mean the store is down, so it is no place to
 * record them. A bounded list, newest first, and beside it the ones not yet raised as alerts in
 * the store (failed-job-alert.ts raises them once the store answers).
 */
import type { Redis } from 'ioredis';

export interface JobAlert {
  queue: string;
  jobId: string;
  job: string;
  /** Items of a classify batch, when it is one. */
  items: number | null;
  /** The batch's brand label, when the payload has one (routes the alert's delivery). */
  label?: string | null;
  error: string;
  attemptsMade: number;
  at: string;
}

const KEEP = 1000;

export class JobAlertRepository {
  private readonly key: string;
  private readonly pendingKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:job-alerts`;
    this.pendingKey = `${prefix}:job-alerts:pending`;
  }

  /** `raise: false` lists the failure without making it an alert. */
  async record(alert: JobAlert, { raise = true } = {}): Promise<void> {
    const text = JSON.stringify(alert);
    const tx = this.redis.multi().lpush(this.key, text).ltrim(this.key, 0, KEEP - 1);
    if (raise) tx.rpush(this.pendingKey, text).ltrim(this.pendingKey, -KEEP, -1);
    await tx.exec();
  }

  /** Recorded and not yet raised in the store, oldest first. */
  async pending(): Promise<JobAlert[]> {
    return (await this.redis.lrange(this.pendingKey, 0, -1)).map((s) => JSON.parse(s) as JobAlert);
  }

  /** Raised in the store: no longer pending. */
  async settle(alert: JobAlert): Promise<void> {
    await this.redis.lrem(this.pendingKey, 1, JSON.stringify(alert));
  }

  async list(limit = 100): Promise<JobAlert[]> {
    return (await this.redis.lrange(this.key, 0, limit - 1)).map((s) => JSON.parse(s) as JobAlert);
  }
}
