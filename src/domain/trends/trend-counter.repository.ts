import { createHash } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Filter, UpdateFilter } from 'mongodb';
import type { FeedbackKind } from '../classification/classification.types.ts';
import { dayKey, hourKey } from './buckets.ts';
import { addInto, itemIncrements, type CountableItem, type CounterFields } from './counter-metrics.ts';
import {
  ALL_SCOPE,
  bucketOf,
  kindScope,
  labelScope,
  markerField,
  periodOfBucket,
  rollupId,
  sampleField,
  slotField,
  slotOfBucket,
  sourceScope,
  termsId,
  uniquePeriods,
  type Granularity,
  type Scope,
} from './rollup-keys.ts';
import { extractTerms } from './terms.ts';

export type { Granularity } from './rollup-keys.ts';

export interface CounterKey {
  sourceId: string;
  kind: FeedbackKind;
  label: string;
}

export type CountItem = CountableItem & CounterKey & { publishedAt: Date; _id?: unknown; text?: string };

export interface CounterFilter {
  g: Granularity;
  buckets: string[];
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

export interface ScopeDoc {
  _id: Scope;
  type: 'all' | 'kind' | 'label' | 'source';
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

export interface SampleRef {
  bucket: string;
  category: string;
  itemId: string;
}

export interface AddOptions {
  /**
   * Makes the operation exactly-once: each touched document records the key, and a second
   * application with the same key changes nothing (two workers running one redelivered batch,
   * or a crash between counting and marking items counted). Derive it from the items: countOpKey.
   */
  opKey?: string;
  /** Also count terms and phrases of the items' text (new items at ingest; corrections move no terms). */
  terms?: boolean;
}

interface RollupRow {
  _id: string;
  [field: string]: unknown;
}

const META_FIELDS = new Set(['_id', 'g', 'period', 'scope', 'day']);
const SAMPLE_CATEGORIES = new Set(['complaint', 'advocacy', 'satisfaction']);
const SAMPLES_PER_SLOT = 3;

/** A key for counting one operation once (ingest: the batch id plus its items, see ingest-batch.service.ts). */
export function countOpKey(items: Array<{ _id?: unknown }>, salt = ''): string {
  const ids = items.map((i) => String(i._id)).sort();
  return createHash('sha256').update(salt).update(ids.join(',')).digest('base64url').slice(0, 16);
}

const hashSlot = (id: string): number => createHash('md5').update(id).digest()[0]! % SAMPLES_PER_SLOT;

function isDuplicateKeyOnly(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return list.length > 0 && list.every((w) => w.code === 11000);
}

/**
 * Trend counters: per-scope rollup documents (see rollup-keys.ts) with every metric of
 * counter-metrics.ts per slot, a few sample item ids per slot, and per-day term counts.
 * Only this repository touches `trend_rollups`, `trend_terms` and `trend_scopes`.
 */
export class TrendCounterRepository {
  private readonly rollups: Collection<RollupRow>;
  private readonly terms: Collection<RollupRow>;
  private readonly scopes: Collection<ScopeDoc>;

  constructor(connection: Connection) {
    this.rollups = connection.collection<RollupRow>('trend_rollups');
    this.terms = connection.collection<RollupRow>('trend_terms');
    this.scopes = connection.collection<ScopeDoc>('trend_scopes');
  }

  /** Everything is read by `_id`, which every store indexes. */
  async ensureIndexes(): Promise<void> {}

  /**
   * Adds items to the hourly and daily rollups of every scope they belong to (all, kind, label,
   * source × kind) with one bulkWrite of `$inc` upserts; `sign = -1` takes them out again (a
   * corrected label is a removal plus an addition).
   */
  async addItems(items: CountItem[], sign: 1 | -1 = 1, opts: AddOptions = {}): Promise<void> {
    if (items.length === 0) return;
    const rollups = new Map<string, { meta: Record<string, string>; inc: CounterFields; set: Record<string, string> }>();
    const terms = new Map<string, { meta: Record<string, string>; inc: CounterFields }>();
    const scopeDocs = new Map<Scope, ScopeDoc>();

    for (const item of items) {
      const inc = itemIncrements(item);
      if (sign === -1) for (const k of Object.keys(inc)) inc[k] = -inc[k]!;
      const scopes: Scope[] = [ALL_SCOPE, kindScope(item.kind), labelScope(item.label), sourceScope(item.sourceId, item.kind)];
      scopeDocs.set(scopes[1]!, { _id: scopes[1]!, type: 'kind', kind: item.kind });
      scopeDocs.set(scopes[2]!, { _id: scopes[2]!, type: 'label', label: item.label });
      scopeDocs.set(scopes[3]!, { _id: scopes[3]!, type: 'source', sourceId: item.sourceId, kind: item.kind, label: item.label });
      const category = item.classification.category;
      const itemId = item._id === undefined ? null : String(item._id);

      for (const [g, bucket] of [['h', hourKey(item.publishedAt)], ['d', dayKey(item.publishedAt)]] as const) {
        const period = periodOfBucket(g, bucket);
        const slot = slotOfBucket(g, bucket);
        for (const scope of scopes) {
          const id = rollupId(g, period, scope);
          const entry = rollups.get(id) ?? { meta: { g, period, scope }, inc: {}, set: {} };
          for (const [metric, v] of Object.entries(inc)) {
            const f = slotField(slot, metric);
            entry.inc[f] = (entry.inc[f] ?? 0) + v;
          }
          // Samples explain alerts and digests: kept for the overall and label scopes only.
          if (sign === 1 && itemId && SAMPLE_CATEGORIES.has(category) && (scope === ALL_SCOPE || scope.startsWith('l:'))) {
            entry.set[sampleField(slot, category, hashSlot(itemId))] = itemId;
          }
          rollups.set(id, entry);
        }
      }

      if (opts.terms && item.text) {
        const day = dayKey(item.publishedAt);
        const found = extractTerms(item.text);
        for (const scope of [ALL_SCOPE, labelScope(item.label)]) {
          const id = termsId(day, scope);
          const entry = terms.get(id) ?? { meta: { day, scope }, inc: {} };
          for (const t of found) entry.inc[t] = (entry.inc[t] ?? 0) + sign;
          entry.inc.__items = (entry.inc.__items ?? 0) + sign;
          terms.set(id, entry);
        }
      }
    }

    const marker = opts.opKey ? markerField(`${opts.opKey}${sign === -1 ? '-' : ''}`) : null;
    const op = (id: string, update: Record<string, unknown>): AnyBulkWriteOperation<RollupRow> => ({
      updateOne: {
        filter: (marker ? { _id: id, [marker]: { $exists: false } } : { _id: id }) as Filter<RollupRow>,
        update: (marker ? { ...update, $set: { ...((update.$set as object) ?? {}), [marker]: 1 } } : update) as UpdateFilter<RollupRow>,
        upsert: true,
      },
    });
    const rollupOps = [...rollups].map(([id, e]) =>
      op(id, { $inc: e.inc, $setOnInsert: e.meta, ...(Object.keys(e.set).length ? { $set: e.set } : {}) }),
    );
    const termOps = [...terms].map(([id, e]) => op(id, { $inc: e.inc, $setOnInsert: e.meta }));
    const write = async (collection: Collection<RollupRow>, ops: AnyBulkWriteOperation<RollupRow>[]) => {
      if (ops.length === 0) return;
      try {
        await collection.bulkWrite(ops, { ordered: false });
      } catch (err) {
        // With a marker, a duplicate key means "already applied": the upsert found the marker set.
        if (!(marker && isDuplicateKeyOnly(err))) throw err;
      }
    };
    await Promise.all([
      write(this.rollups, rollupOps),
      write(this.terms, termOps),
      sign === 1 && scopeDocs.size
        ? this.scopes.bulkWrite(
            [...scopeDocs.values()].map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })),
            { ordered: false },
          )
        : undefined,
    ]);
  }

  /** Every scope ever counted (kinds, labels, source × kind). Small: one document per scope. */
  async listScopes(): Promise<ScopeDoc[]> {
    return this.scopes.find({}).toArray();
  }

  /** The scopes whose union is exactly the items matching `filter`. */
  async scopesFor(filter: { sourceId?: string; kind?: FeedbackKind; label?: string }): Promise<Scope[]> {
    const { sourceId, kind, label } = filter;
    if (!sourceId && !kind && !label) return [ALL_SCOPE];
    if (!sourceId && kind && !label) return [kindScope(kind)];
    if (!sourceId && !kind && label) return [labelScope(label)];
    const all = await this.listScopes();
    return all
      .filter((s) => s.type === 'source')
      .filter((s) => (!sourceId || s.sourceId === sourceId) && (!kind || s.kind === kind) && (!label || s.label === label))
      .map((s) => s._id);
  }

  private async readDocs(collection: Collection<RollupRow>, ids: string[]): Promise<RollupRow[]> {
    // One find per _id: FerretDB pushes `_id` equality down to SQLite but evaluates `$in` by scanning.
    const docs = await Promise.all(ids.map((id) => collection.findOne({ _id: id } as Filter<RollupRow>)));
    return docs.filter((d): d is RollupRow => d !== null);
  }

  /**
   * Per-bucket sums of the given scopes, for bucket keys of granularity `g` (hour keys for 'h',
   * day keys for 'd'). Buckets with no data are absent from the map.
   */
  async seriesForScopes(g: Granularity, scopes: Scope[], buckets: string[]): Promise<Map<Scope, Map<string, CounterFields>>> {
    const wanted = new Set(buckets);
    const periods = uniquePeriods(g, buckets);
    const ids = scopes.flatMap((scope) => periods.map((p) => rollupId(g, p, scope)));
    const docs = await this.readDocs(this.rollups, ids);
    const out = new Map<Scope, Map<string, CounterFields>>(scopes.map((s) => [s, new Map()]));
    for (const doc of docs) {
      const period = doc.period as string;
      const series = out.get(doc.scope as Scope)!;
      for (const [field, v] of Object.entries(doc)) {
        if (typeof v !== 'number' || META_FIELDS.has(field)) continue;
        const bar = field.indexOf('|');
        if (bar !== 2) continue;
        const bucket = bucketOf(g, period, field.slice(0, 2));
        if (!wanted.has(bucket)) continue;
        const sums = series.get(bucket) ?? {};
        const metric = field.slice(3);
        sums[metric] = (sums[metric] ?? 0) + v;
        series.set(bucket, sums);
      }
    }
    return out;
  }

  /** Sums the matching counters per bucket key. */
  async sumByBucket(filter: CounterFilter): Promise<Map<string, CounterFields>> {
    const scopes = await this.scopesFor(filter);
    const series = await this.seriesForScopes(filter.g, scopes, filter.buckets);
    const out = new Map<string, CounterFields>();
    for (const perScope of series.values()) {
      for (const [bucket, sums] of perScope) out.set(bucket, addInto(out.get(bucket) ?? {}, sums));
    }
    return out;
  }

  /** Sample item ids kept for these buckets (overall or one label's scope). */
  async samples(g: Granularity, scope: Scope, buckets: string[]): Promise<SampleRef[]> {
    const wanted = new Set(buckets);
    const docs = await this.readDocs(this.rollups, uniquePeriods(g, buckets).map((p) => rollupId(g, p, scope)));
    const out: SampleRef[] = [];
    for (const doc of docs) {
      for (const [field, v] of Object.entries(doc)) {
        if (!field.startsWith('smp|') || typeof v !== 'string') continue;
        const [, slot, category] = field.split('|');
        const bucket = bucketOf(g, doc.period as string, slot!);
        if (wanted.has(bucket)) out.push({ bucket, category: category!, itemId: v });
      }
    }
    return out.sort((a, b) => (a.bucket === b.bucket ? (a.itemId < b.itemId ? -1 : 1) : a.bucket < b.bucket ? -1 : 1));
  }

  /** Term counts (items mentioning each term) summed over days, with the number of items counted. */
  async termCounts(scope: Scope, days: string[]): Promise<{ items: number; terms: Map<string, number> }> {
    const docs = await this.readDocs(this.terms, days.map((d) => termsId(d, scope)));
    const terms = new Map<string, number>();
    let items = 0;
    for (const doc of docs) {
      for (const [field, v] of Object.entries(doc)) {
        if (typeof v !== 'number' || META_FIELDS.has(field) || field.includes('|')) continue;
        if (field === '__items') items += v;
        else if (v !== 0) terms.set(field, (terms.get(field) ?? 0) + v);
      }
    }
    return { items, terms };
  }

  /** Writes counters directly (benchmarks and history loads): one `$inc` per rollup document. */
  async incrementRaw(docs: Array<{ g: Granularity; period: string; scope: Scope; inc: CounterFields }>, scopeDocs: ScopeDoc[] = []): Promise<void> {
    if (docs.length) {
      await this.rollups.bulkWrite(
        docs.map((d) => ({
          updateOne: {
            filter: { _id: rollupId(d.g, d.period, d.scope) } as Filter<RollupRow>,
            update: { $inc: d.inc, $setOnInsert: { g: d.g, period: d.period, scope: d.scope } } as unknown as UpdateFilter<RollupRow>,
            upsert: true,
          },
        })),
        { ordered: false },
      );
    }
    if (scopeDocs.length) {
      await this.scopes.bulkWrite(
        scopeDocs.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })),
        { ordered: false },
      );
    }
  }

  /** Writes term counts directly (benchmarks and history loads). */
  async incrementTermsRaw(docs: Array<{ day: string; scope: Scope; inc: CounterFields }>): Promise<void> {
    if (!docs.length) return;
    await this.terms.bulkWrite(
      docs.map((d) => ({
        updateOne: {
          filter: { _id: termsId(d.day, d.scope) } as Filter<RollupRow>,
          update: { $inc: d.inc, $setOnInsert: { day: d.day, scope: d.scope } } as unknown as UpdateFilter<RollupRow>,
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}
