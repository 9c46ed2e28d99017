/**
 * Moves the write-behind buffer (counter-buffer.ts) into the rollup collections: at most once
 * every `flushMs`, one flusher at a time across processes (the flush lock), each flush exactly once,
 * journaled in the store first (counter-journal.ts) so a Redis loss mid-flush loses nothing.
 */
import type { Redis } from 'ioredis';
import { boundedBulkWrites } from '../../infra/mongo.ts';
import type { Mutex } from '../../infra/redis-lock.ts';
import { groupBy } from '../group-by.ts';
import type { CounterBuffer, PendingFlush } from './counter-buffer.ts';
import type { CounterJournal } from './counter-journal.ts';
import { isTermsCollection } from './rollup-keys.ts';
import { counterUpsert, FLUSH_MARKER, type RollupCollections } from './rollup-store.ts';

export interface CounterWriteOptions {
  redis: Redis;
  /** Namespaces the Redis keys (the queue prefix). */
  prefix: string;
  /** Serialises flushes across processes: one flusher at a time (see counter-buffer.ts). */
  flushLock: Mutex;
  /** Flush at most this often (0: every counting call flushes before it returns). */
  flushMs: number;
  onFlushError?: (err: unknown) => void;
  /** Called after each completed flush with the time it started (metrics). */
  onFlushed?: (startedAt: number) => void;
}

export class CounterFlusher {
  private tailFlush: NodeJS.Timeout | undefined;
  /** The tail flush running now, so shutdown can wait for it instead of closing its connections under it. */
  private running: Promise<void> | undefined;

  constructor(
    private readonly buffer: CounterBuffer,
    private readonly journal: CounterJournal,
    private readonly rollups: RollupCollections,
    private readonly opts: CounterWriteOptions,
  ) {}

  /** Flushes now if no flush ran within `flushMs`; otherwise makes sure one runs when the interval ends. */
  async flushIfDue(): Promise<void> {
    const { redis, prefix, flushMs } = this.opts;
    if (flushMs === 0 || (await redis.set(`${prefix}:counters:flush-due`, '1', 'PX', flushMs, 'NX')) === 'OK') {
      await this.flush();
      return;
    }
    this.tailFlush ??= setTimeout(() => {
      this.tailFlush = undefined;
      const run = this.flush()
        .catch((err: unknown) => this.opts.onFlushError?.(err))
        .finally(() => {
          if (this.running === run) this.running = undefined;
        });
      this.running = run;
    }, flushMs);
  }

  /** Writes everything buffered so far to MongoDB (and first any flush a crashed flusher left). */
  async flush(): Promise<void> {
    const startedAt = Date.now();
    await this.opts.flushLock.run(async () => {
      await this.finishJournaled();
      // Twice at most: an unfinished flush, then the current buffer. Batches arriving meanwhile wait for the next.
      for (let round = 0; round < 2; round++) {
        const pending = await this.buffer.beginFlush();
        if (!pending) return;
        await this.journal.open(pending);
        await this.write(pending);
        await this.journal.close(pending);
        await this.buffer.endFlush(pending.id);
      }
    });
    this.opts.onFlushed?.(startedAt);
  }

  /**
   * Finishes the flushes a dead flusher journaled, from the store alone (Redis may have lost them),
   * and drops journals it left incomplete: nothing of those was counted as far as the store knows.
   */
  private async finishJournaled(): Promise<void> {
    const { complete, incomplete } = await this.journal.unfinished();
    for (const id of incomplete) await this.journal.discard(id);
    for (const pending of complete) {
      await this.write(pending);
      await this.journal.close(pending);
      await this.buffer.endFlush(pending.id);
    }
  }

  /** Waits for a running flush, flushes what is left and stops the tail timer (process shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.tailFlush);
    this.tailFlush = undefined;
    await this.running;
    if (await this.buffer.hasPending()) await this.flush();
  }

  /**
   * One upsert per document, each marking the document with the flush id. A resumed flush first
   * reads which documents carry its mark (written by the earlier attempt) and skips them; a first
   * attempt cannot meet its own mark. Only one flusher runs, so nothing races the read.
   */
  private async write({ id, changes, resumed }: PendingFlush): Promise<void> {
    const writes = await Promise.all(
      [...groupBy(changes, (c) => c.collection)].map(async ([name, docs]) => {
        if (isTermsCollection(name)) return { collection: this.rollups.get(name), ops: await this.rollups.termsReplacements(name, docs, id) };
        const written = resumed ? await this.rollups.markedBy(name, id) : new Set<string>();
        return { collection: this.rollups.get(name), ops: docs.filter((c) => !written.has(c.id)).map((c) => counterUpsert(name, c, [FLUSH_MARKER, id])) };
      }),
    );
    await boundedBulkWrites(writes, { ignoreDuplicateKeys: true });
  }
}
