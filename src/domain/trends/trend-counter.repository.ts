import type { Collection, Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Filter, UpdateFilter } from 'mongodb';
import { dayKey, hourKey } from './buckets.ts';
import { addInto, itemIncrements, type CountableItem, type CounterFields } from './counter-metrics.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';

/** Hourly counters serve `interval=hour`; daily ones serve day and week, so a year reads 365 keys, not 8,760. */
export type Granularity = 'h' | 'd';

export interface CounterKey {
  sourceId: string;
  kind: FeedbackKind;
  label: string;
}

interface CounterDoc extends CounterKey {
  _id: string;
  g: Granularity;
  bucket: string;
  [metric: string]: unknown;
}

export interface CounterFilter {
  g: Granularity;
  buckets: string[];
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

/** Counter documents as stored: key fields plus any number of flat numeric metrics. */
interface CounterRow {
  _id: string;
  [field: string]: unknown;
}

const KEY_FIELDS = new Set(['_id', 'g', 'bucket', 'sourceId', 'kind', 'label']);

export class TrendCounterRepository {
  private readonly collection: Collection<CounterRow>;

  constructor(connection: Connection) {
    this.collection = connection.collection<CounterRow>('trend_counters');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ g: 1, bucket: 1 });
  }

  /**
   * Adds items to the hourly and daily counters with one bulkWrite of `$inc` upserts;
   * `sign = -1` takes them out again (a corrected label is a removal plus an addition).
   */
  async addItems(items: Array<CountableItem & CounterKey & { publishedAt: Date }>, sign: 1 | -1 = 1): Promise<void> {
    const merged = new Map<string, { doc: Omit<CounterDoc, '_id'>; inc: CounterFields }>();
    for (const item of items) {
      const inc = itemIncrements(item);
      if (sign === -1) for (const k of Object.keys(inc)) inc[k] = -inc[k]!;
      for (const [g, bucket] of [['h', hourKey(item.publishedAt)], ['d', dayKey(item.publishedAt)]] as const) {
        const id = `${g}|${bucket}|${item.sourceId}|${item.kind}`;
        const entry = merged.get(id) ?? {
          doc: { g, bucket, sourceId: item.sourceId, kind: item.kind, label: item.label },
          inc: {},
        };
        addInto(entry.inc, inc);
        merged.set(id, entry);
      }
    }
    if (merged.size === 0) return;
    await this.collection.bulkWrite(
      [...merged].map(
        ([id, { doc, inc }]): AnyBulkWriteOperation<CounterRow> => ({
          updateOne: { filter: { _id: id }, update: { $inc: inc, $setOnInsert: doc } as UpdateFilter<CounterRow>, upsert: true },
        }),
      ),
      { ordered: false },
    );
  }

  /** Sums the matching counters per bucket key (in code: see counter-metrics.ts for why). */
  async sumByBucket(filter: CounterFilter): Promise<Map<string, CounterFields>> {
    const query: Record<string, unknown> = { g: filter.g, bucket: { $in: filter.buckets } };
    if (filter.sourceId) query.sourceId = filter.sourceId;
    if (filter.kind) query.kind = filter.kind;
    if (filter.label) query.label = filter.label;
    const out = new Map<string, CounterFields>();
    for await (const doc of this.collection.find(query as Filter<CounterRow>)) {
      const bucket = doc.bucket as string;
      const sums = out.get(bucket) ?? {};
      for (const [k, v] of Object.entries(doc)) {
        if (!KEY_FIELDS.has(k) && typeof v === 'number') sums[k] = (sums[k] ?? 0) + v;
      }
      out.set(bucket, sums);
    }
    return out;
  }
}
