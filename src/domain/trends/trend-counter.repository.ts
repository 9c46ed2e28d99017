/**
 * The counting path of the trend counters: per-period collections of per-scope rollup documents
 * (see rollup-keys.ts) with every metric of counter-metrics.ts per slot, per-day term counts and
 * per-day sample items. Counting goes through a Redis write-behind buffer (counter-buffer.ts)
 * that the flusher (counter-flusher.ts) moves to MongoDB at most `flushMs` later; reads go
 * through trend-reader.repository.ts.
 */
import type { Connection } from 'mongoose';
import { CounterBuffer } from './counter-buffer.ts';
import { CounterFlusher, type CounterWriteOptions } from './counter-flusher.ts';
import { CounterJournal } from './counter-journal.ts';
import { rollupChanges, type CountItem } from './rollup-changes.ts';
import { RollupCollections } from './rollup-store.ts';

export interface AddOptions {
  /**
   * Makes the operation exactly-once: a second call with the same key changes nothing (two
   * workers running one redelivered batch, a crash between storing and counting, or a batch
   * re-sent after Redis lost its state: the store's ledger remembers, see counter-journal.ts).
   * Ingest keys it on the batch (ingest-batch.service.ts), corrections on the item and revision.
   */
  opKey?: string;
  /** Also count terms and phrases of the items' text (new items at ingest; corrections move no terms). */
  terms?: boolean;
}

export class TrendCounterRepository {
  private readonly buffer: CounterBuffer;
  private readonly flusher: CounterFlusher;
  private readonly journal: CounterJournal;

  constructor(connection: Connection, writes: CounterWriteOptions) {
    this.buffer = new CounterBuffer(writes.redis, writes.prefix);
    this.journal = new CounterJournal(connection);
    this.flusher = new CounterFlusher(this.buffer, this.journal, new RollupCollections(connection), writes);
  }

  /**
   * Adds items to the hourly, daily and monthly rollups of every scope they belong to (all, kind,
   * label, source × kind); `sign = -1` takes them out again.
   */
  async addItems(items: CountItem[], sign: 1 | -1 = 1, opts: AddOptions = {}): Promise<void> {
    if (items.length === 0) return;
    await this.count([{ items, sign }], opts);
  }

  /** Takes items out under their old labels and adds them under the new ones, atomically (a correction). */
  async moveItems(from: CountItem[], to: CountItem[], opts: AddOptions = {}): Promise<void> {
    await this.count([{ items: from, sign: -1 }, { items: to, sign: 1 }], opts);
  }

  private async count(groups: Array<{ items: CountItem[]; sign: 1 | -1 }>, opts: AddOptions): Promise<void> {
    // Asked before the buffer: the buffer's once-marker lives in Redis, the ledger in the store.
    // No race: an op can reach the ledger only through the buffer, whose marker then stops this call.
    if (opts.opKey && (await this.journal.isCounted(opts.opKey))) return;
    await this.buffer.add(rollupChanges(groups, opts), opts.opKey);
    await this.flusher.flushIfDue();
  }

  /** Writes everything buffered so far to MongoDB. */
  async flush(): Promise<void> {
    await this.flusher.flush();
  }

  /** Flushes what is left and stops the flush timer (process shutdown). */
  async close(): Promise<void> {
    await this.flusher.close();
  }
}
