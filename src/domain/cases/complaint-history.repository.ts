/**
 * Each author's recent complaint times, for the repeat-complainant factor: a Redis sorted set per
 * author hash, `<prefix>:complaints:by-author:<authorHash>`, member = item id, score = publishedAt
 * in ms. Why Redis: counting from MongoDB read every case by the batch's authors, and FerretDB
 * answers that by scanning the whole cases collection, once per batch.
 *
 * The cases stay the truth: the sets are rebuilt from them when Redis has lost them (RedisMirror).
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { createRedisMirror, type RedisMirror } from '../../infra/redis-mirror.ts';
import { execPipeline } from '../../infra/redis.ts';

const DAY_MS = 86_400_000;
/** A repeat is a complaint by the same author in the 90 days before this one. */
const REPEAT_WINDOW_MS = 90 * DAY_MS;
/**
 * Times are kept this much longer than the window, so an item published up to 90 days before it
 * arrives (a slow source, an import of last quarter) still sees its whole window. An older backfill
 * counts only the complaints recorded with it.
 */
const LATE_ARRIVAL_MS = 90 * DAY_MS;
const RETENTION_MS = REPEAT_WINDOW_MS + LATE_ARRIVAL_MS;
/** Complaints per pipeline when rebuilding. */
const REBUILD_CHUNK = 5_000;

export interface Complaint {
  itemId: string;
  authorHash: string;
  publishedAt: Date;
}

export class ComplaintHistoryRepository {
  private readonly mirror: RedisMirror;

  /** `storedSince(from)`: the complaints (cases) published since `from`, to rebuild from. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    storedSince: (from: Date) => Promise<Complaint[]>,
  ) {
    this.mirror = createRedisMirror(redis, `${prefix}:complaints`, async () => {
      const now = new Date();
      const all = await storedSince(new Date(now.getTime() - RETENTION_MS));
      for (let i = 0; i < all.length; i += REBUILD_CHUNK) {
        const p = this.redis.pipeline();
        this.queueTrim(p, this.queueAdd(p, all.slice(i, i + REBUILD_CHUNK)), now);
        await execPipeline(p);
      }
    });
  }

  /**
   * Records complaints and returns, per item id, how many complaints by the same author were
   * published in the repeat window strictly before it. Complaints recorded together count for each
   * other; an item is never its own repeat, and recording an item again adds nothing (the member
   * is the item id), so a redelivered batch is safe.
   */
  async recordAndCount(complaints: Complaint[], now = new Date()): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (complaints.length === 0) return counts;
    await this.mirror.ensureComplete();
    const p = this.redis.pipeline();
    const authors = this.queueAdd(p, complaints);
    for (const c of complaints) {
      const t = c.publishedAt.getTime();
      p.zcount(this.key(c.authorHash), t - REPEAT_WINDOW_MS, `(${t}`);
    }
    // Trimmed after counting, so a backfill older than the retention still counts its own complaints.
    this.queueTrim(p, authors, now);
    const replies = await execPipeline(p);
    complaints.forEach((c, n) => counts.set(c.itemId, Number(replies[authors.length + n])));
    return counts;
  }

  /** Rebuilds every author's set from the cases (worker start). */
  async rebuild(): Promise<void> {
    await this.mirror.rebuild();
  }

  /** Forgets complaints (erasure, retention): the item ids leave their authors' sets. */
  async forget(complaints: Array<{ itemId: string; authorHash: string }>): Promise<void> {
    if (complaints.length === 0) return;
    const p = this.redis.pipeline();
    for (const c of complaints) p.zrem(this.key(c.authorHash), c.itemId);
    await execPipeline(p);
  }

  private key(authorHash: string): string {
    return `${this.prefix}:complaints:by-author:${authorHash}`;
  }

  /** Queues one ZADD per author; returns the authors, for `queueTrim`. */
  private queueAdd(p: ChainableCommander, complaints: Complaint[]): string[] {
    const byAuthor = new Map<string, Array<string | number>>();
    for (const c of complaints) {
      const args = byAuthor.get(c.authorHash) ?? [];
      args.push(c.publishedAt.getTime(), c.itemId);
      byAuthor.set(c.authorHash, args);
    }
    for (const [author, args] of byAuthor) p.zadd(this.key(author), ...args);
    return [...byAuthor.keys()];
  }

  /** Drops times older than the retention, and lets a quiet author's set expire. */
  private queueTrim(p: ChainableCommander, authors: string[], now: Date): void {
    for (const author of authors) {
      p.zremrangebyscore(this.key(author), '-inf', `(${now.getTime() - RETENTION_MS}`);
      p.pexpire(this.key(author), RETENTION_MS);
    }
  }
}
