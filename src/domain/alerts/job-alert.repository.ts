/**
 * Alerts about work that ran out of retries: a batch in the failed set holds items that were
 * answered 202 and are not all stored and counted until someone retries it. Kept in Redis, beside
 * the failed set they describe: such failures usually mean the store is down, so it is no place to
 * record them. A bounded list, newest first.
 */
import type { Redis } from 'ioredis';

export interface JobAlert {
  queue: string;
  jobId: string;
  job: string;
  /** Items of a classify batch, when it is one. */
  items: number | null;
  error: string;
  attemptsMade: number;
  at: string;
}

const KEEP = 1000;

export class JobAlertRepository {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:job-alerts`;
  }

  async record(alert: JobAlert): Promise<void> {
    await this.redis.multi().lpush(this.key, JSON.stringify(alert)).ltrim(this.key, 0, KEEP - 1).exec();
  }

  async list(limit = 100): Promise<JobAlert[]> {
    return (await this.redis.lrange(this.key, 0, limit - 1)).map((s) => JSON.parse(s) as JobAlert);
  }
}
