import type { Mutex } from '../../infra/redis-lock.ts';
import { createHash } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Filter, UpdateFilter } from 'mongodb';
import type { FeedbackKind } from '../classification/classification.types.ts';
import { dayKey, enumerateDays, hourKey, monthKey } from './buckets.ts';
import { itemIncrements, addInto, type CountableItem, type CounterFields } from './counter-metrics.ts';
import {
  ALL_SCOPE,
  bucketOf,
  isAspectMetric,
  kindScope,
  labelScope,
  markerField,
  periodOfBucket,
  rollupCollection,
  rollupKind,
  sampleField,
  samplesCollection,
  slotField,
  slotOfBucket,
  sourceScope,
  termsCollection,
  uniquePeriods,
  type Granularity,
  type RollupKind,
  type RollupPart,
  type Scope,
} from './rollup-keys.ts';
import { coverBuckets } from './rollup-cover.ts';
import { extractTerms } from './terms.ts';

export type { Granularity } from './rollup-keys.ts';

export interface CounterKey {
  sourceId: string;
  kind: FeedbackKind;
  label: string;
}

export type CountItem = CountableItem & CounterKey & { publishedAt: Date; _id?: unknown; text?: string; url?: string };

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

/** A sample item kept beside the counters (PII-redacted text, as stored), to explain alerts and digests. */
export interface SampleItem {
  hour: string;
  id: string;
  category: string;
  text: string;
  label: string;
  sourceId: string;
  publishedAt: string;
  url: string | null;
  confidence: number;
}

export interface AddOptions {
  /**
   * Makes the operation exactly-once: each touched document records the key, and a second
   * application with the same key changes nothing (two workers running one redelivered batch,
   * or a crash between storing and counting). Ingest keys it on the batch (ingest-batch.service.ts).
   */
  opKey?: string;
  /** Also count terms and phrases of the items' text (new items at ingest; corrections move no terms). */
  terms?: boolean;
}

interface RollupRow {
  _id: string;
  [field: string]: unknown;
}

type Pending = Map<string, Map<string, { meta: Record<string, string>; inc: CounterFields; set: Record<string, string> }>>;

const META_FIELDS = new Set(['_id', 'g', 'period', 'scope', 'day']);
/** Every slot a rollup document can hold: hours 00–23, days 01–31, months 01–12. */
const SLOTS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
const SAMPLE_CATEGORIES = new Set(['complaint', 'advocacy', 'satisfaction']);
const SAMPLES_PER_HOUR = 3;
const SAMPLE_TEXT_MAX = 300;


const hashSlot = (id: string): number => createHash('md5').update(id).digest()[0]! % SAMPLES_PER_HOUR;

function isDuplicateKeyOnly(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return list.length > 0 && list.every((w) => w.code === 11000);
}

function duplicateKeyIndexes(err: unknown): Set<number> {
  const e = err as { writeErrors?: Array<{ index: number }> | { index: number } };
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return new Set(list.length ? list.map((w) => w.index) : [0]);
}

function pending(map: Pending, collection: string, id: string, meta: Record<string, string>) {
  const docs = map.get(collection) ?? map.set(collection, new Map()).get(collection)!;
  return docs.get(id) ?? docs.set(id, { meta, inc: {}, set: {} }).get(id)!;
}

/**
 * Trend counters: per-period collections of per-scope rollup documents (see rollup-keys.ts) with
 * every metric of counter-metrics.ts per slot, per-day term counts and per-day sample items.
 * Only this repository touches the `trend_*` collections.
 */
export class TrendCounterRepository {
  private readonly collections = new Map<string, Collection<RollupRow>>();
  private readonly scopes: Collection<ScopeDoc>;

  /** `writeLock` serialises counter writes across processes (see src/infra/redis-lock.ts for why). */
  constructor(
    private readonly connection: Connection,
    private readonly writeLock?: Mutex,
  ) {
    this.scopes = connection.collection<ScopeDoc>('trend_scopes');
  }

  private col(name: string): Collection<RollupRow> {
    return this.collections.get(name) ?? this.collections.set(name, this.connection.collection<RollupRow>(name)).get(name)!;
  }

  /** Documents are found by `_id` (the scope) in small per-period collections: nothing to index. */
  async ensureIndexes(): Promise<void> {}

  /**
   * Adds items to the hourly, daily and monthly rollups of every scope they belong to (all, kind,
   * label, source × kind) with one bulkWrite of `$inc` upserts per touched collection; `sign = -1`
   * takes them out again (a corrected label is a removal plus an addition).
   */
  async addItems(items: CountItem[], sign: 1 | -1 = 1, opts: AddOptions = {}): Promise<void> {
    if (items.length === 0) return;
    if (this.writeLock) return this.writeLock.run(() => this.applyItems(items, sign, opts));
    return this.applyItems(items, sign, opts);
  }

  private async applyItems(items: CountItem[], sign: 1 | -1, opts: AddOptions): Promise<void> {
    const writes: Pending = new Map();
    const scopeDocs = new Map<Scope, ScopeDoc>();

    for (const item of items) {
      const inc = itemIncrements(item);
      if (sign === -1) for (const k of Object.keys(inc)) inc[k] = -inc[k]!;
      const scopes: Scope[] = [ALL_SCOPE, kindScope(item.kind), labelScope(item.label), sourceScope(item.sourceId, item.kind)];
      scopeDocs.set(scopes[1]!, { _id: scopes[1]!, type: 'kind', kind: item.kind });
      scopeDocs.set(scopes[2]!, { _id: scopes[2]!, type: 'label', label: item.label });
      scopeDocs.set(scopes[3]!, { _id: scopes[3]!, type: 'source', sourceId: item.sourceId, kind: item.kind, label: item.label });

      for (const [g, bucket] of [['h', hourKey(item.publishedAt)], ['d', dayKey(item.publishedAt)], ['m', monthKey(item.publishedAt)]] as const) {
        const period = periodOfBucket(g, bucket);
        const slot = slotOfBucket(g, bucket);
        // Aspect metrics: daily and monthly only, in their own documents (see rollup-keys.ts).
        const aspectKind = g === 'h' ? null : rollupKind(g, 'aspects');
        for (const scope of scopes) {
          const core = pending(writes, rollupCollection(g, period, scope), scope, { g, period, scope });
          const aspects = aspectKind ? pending(writes, rollupCollection(aspectKind, period, scope), scope, { g: aspectKind, period, scope }) : null;
          for (const [metric, v] of Object.entries(inc)) {
            const f = slotField(slot, metric);
            if (!isAspectMetric(metric)) core.inc[f] = (core.inc[f] ?? 0) + v;
            else if (aspects) aspects.inc[f] = (aspects.inc[f] ?? 0) + v;
          }
        }
      }

      const day = dayKey(item.publishedAt);
      const category = item.classification.category;
      if (sign === 1 && item._id !== undefined && item.text && SAMPLE_CATEGORIES.has(category)) {
        const id = String(item._id);
        const hour = hourKey(item.publishedAt);
        const sample: SampleItem = {
          hour,
          id,
          category,
          text: item.text.slice(0, SAMPLE_TEXT_MAX),
          label: item.label,
          sourceId: item.sourceId,
          publishedAt: item.publishedAt.toISOString(),
          url: item.url ?? null,
          confidence: item.classification.confidence,
        };
        for (const scope of [ALL_SCOPE, labelScope(item.label)]) {
          pending(writes, samplesCollection(day, scope), scope, { day, scope }).set[sampleField(hour.slice(11, 13), category, hashSlot(id))] = JSON.stringify(sample);
        }
      }
      if (opts.terms && item.text) {
        const found = extractTerms(item.text);
        for (const scope of [ALL_SCOPE, labelScope(item.label)]) {
          const entry = pending(writes, termsCollection(day, scope), scope, { day, scope });
          for (const t of found) entry.inc[t] = (entry.inc[t] ?? 0) + sign;
          entry.inc.__items = (entry.inc.__items ?? 0) + sign;
        }
      }
    }

    const marker = opts.opKey ? markerField(`${opts.opKey}${sign === -1 ? '-' : ''}`) : null;
    await Promise.all([
      ...[...writes].map(async ([name, docs]) => {
        const ops = [...docs]
          .filter(([, e]) => Object.keys(e.inc).length || Object.keys(e.set).length)
          .map(([id, e]): AnyBulkWriteOperation<RollupRow> => {
            const set = { ...e.set, ...(marker ? { [marker]: 1 } : {}) };
            const update = { ...(Object.keys(e.inc).length ? { $inc: e.inc } : {}), $setOnInsert: e.meta, ...(Object.keys(set).length ? { $set: set } : {}) };
            return {
              updateOne: {
                filter: (marker ? { _id: id, [marker]: { $exists: false } } : { _id: id }) as Filter<RollupRow>,
                update: update as unknown as UpdateFilter<RollupRow>,
                upsert: true,
              },
            };
          });
        if (ops.length === 0) return;
        try {
          await this.col(name).bulkWrite(ops, { ordered: false });
        } catch (err) {
          if (!isDuplicateKeyOnly(err)) throw err;
          // A duplicate key is ambiguous: the marker was already set, or another batch inserted the
          // same new document a moment before. Once the document exists a retry is unambiguous: it
          // applies, or (marker set) fails again on the duplicate key, meaning "already applied".
          const failed = duplicateKeyIndexes(err);
          try {
            await this.col(name).bulkWrite(ops.filter((_op, i) => failed.has(i)), { ordered: false });
          } catch (again) {
            if (!(marker && isDuplicateKeyOnly(again))) throw again;
          }
        }
      }),
      sign === 1 && scopeDocs.size
        ? this.scopes
            .bulkWrite(
              [...scopeDocs.values()].map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })),
              { ordered: false },
            )
            // Two batches registering one new scope at once: the loser's duplicate key means "already there".
            .catch((err: unknown) => {
              if (!isDuplicateKeyOnly(err)) throw err;
            })
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

  /**
   * The scopes' documents for each period, read in parallel: one find per (period, scope group)
   * collection, so each read decodes only a few documents.
   */
  private async readDocs(collectionOf: (period: string, scope: Scope) => string, periods: string[], scopes: Scope[]): Promise<RollupRow[]> {
    const wanted = new Map<string, Scope[]>();
    for (const p of periods) for (const s of scopes) wanted.set(collectionOf(p, s), [...(wanted.get(collectionOf(p, s)) ?? []), s]);
    const docs = await Promise.all(
      [...wanted].map(([name, ids]) => this.col(name).find((ids.length === 1 ? { _id: ids[0] } : { _id: { $in: ids } }) as Filter<RollupRow>).toArray()),
    );
    return docs.flat();
  }

  /**
   * Per-bucket sums of the given scopes, for bucket keys of granularity `g` (hour, day or month
   * keys). Buckets with no data are absent from the map. `aspects` reads the per-aspect metrics
   * instead of the core ones (daily and monthly only).
   */
  async seriesForScopes(g: Granularity, scopes: Scope[], buckets: string[], part: RollupPart = 'core'): Promise<Map<Scope, Map<string, CounterFields>>> {
    const wanted = new Set(buckets);
    const kind = rollupKind(g, part);
    const docs = await this.readDocs((p, s) => rollupCollection(kind, p, s), uniquePeriods(g, buckets), scopes);
    const out = new Map<Scope, Map<string, CounterFields>>(scopes.map((s) => [s, new Map()]));
    for (const doc of docs) {
      const series = out.get(doc._id);
      if (!series) continue;
      // The loop below runs once per stored field (~10k for a year of days), so each slot's
      // bucket is looked up once per document and fields are matched by char codes, not substrings.
      const bucketOfSlot = SLOTS.map((slot) => bucketOf(g, doc.period as string, slot)).map((b) => (wanted.has(b) ? b : null));
      const sumsOfSlot: Array<CounterFields | undefined> = [];
      for (const field in doc) {
        const v = doc[field];
        if (typeof v !== 'number' || field.charCodeAt(2) !== 124 /* '|' */) continue;
        const slot = (field.charCodeAt(0) - 48) * 10 + field.charCodeAt(1) - 48;
        const bucket = slot >= 0 && slot < SLOTS.length ? bucketOfSlot[slot] : null;
        if (!bucket) continue;
        const sums = (sumsOfSlot[slot] ??= series.get(bucket) ?? series.set(bucket, {}).get(bucket)!);
        const metric = field.slice(3);
        sums[metric] = (sums[metric] ?? 0) + v;
      }
    }
    return out;
  }

  /**
   * Sums over all the buckets (keys of granularity `g`) per scope, each bucket read at the
   * coarsest level that holds it whole (rollup-cover.ts): a year of days reads year documents for
   * the whole months and month documents only for the two partial edge months.
   */
  async totalsForScopes(g: Granularity, scopes: Scope[], buckets: string[], part: RollupPart = 'core'): Promise<Map<Scope, CounterFields>> {
    const levels = Object.entries(coverBuckets(g, buckets)) as Array<[Granularity, string[]]>;
    const series = await Promise.all(levels.map(([level, keys]) => this.seriesForScopes(level, scopes, keys, part)));
    const out = new Map<Scope, CounterFields>(scopes.map((s) => [s, {}]));
    for (const perScope of series) {
      for (const [scope, perBucket] of perScope) for (const sums of perBucket.values()) addInto(out.get(scope)!, sums);
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

  /** Sample items kept for these hours (overall or one label's scope), oldest first. */
  async samples(scope: Scope, hours: string[]): Promise<SampleItem[]> {
    const wanted = new Set(hours);
    const days = [...new Set(hours.map((h) => h.slice(0, 10)))];
    const docs = await this.readDocs(samplesCollection, days, [scope]);
    const out: SampleItem[] = [];
    for (const doc of docs) {
      for (const [field, v] of Object.entries(doc)) {
        if (META_FIELDS.has(field) || field.startsWith('ap|') || typeof v !== 'string') continue;
        const s = JSON.parse(v) as SampleItem;
        if (wanted.has(s.hour)) out.push(s);
      }
    }
    return out.sort((a, b) => (a.publishedAt === b.publishedAt ? (a.id < b.id ? -1 : 1) : a.publishedAt < b.publishedAt ? -1 : 1));
  }

  /** Term counts (items mentioning each term) summed over days, with the number of items counted. */
  async termCounts(scope: Scope, days: string[]): Promise<{ items: number; terms: Map<string, number> }> {
    const docs = await this.readDocs(termsCollection, days, [scope]);
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

  /** Years that have daily rollups, oldest first (from the collection names). */
  async yearsWithDailyRollups(): Promise<string[]> {
    const collections = await this.connection.db!.listCollections({}, { nameOnly: true }).toArray();
    const years = collections.map((c) => /^trend_d_(\d{4})\d{2}_/.exec(c.name)?.[1]).filter((y): y is string => y !== undefined);
    return [...new Set(years)].sort();
  }

  /**
   * Rebuilds one year of the monthly level from the daily rollups, for counters written before
   * the monthly level existed (`earshot rebuild-monthly-rollups`). Month slots are set, not added
   * to, so running it again changes nothing; each month is rebuilt under the write lock, so no
   * batch lands in one level and not the other.
   */
  async rebuildMonthly(year: string): Promise<void> {
    const scopes = [ALL_SCOPE, ...(await this.listScopes()).map((s) => s._id)];
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const days = enumerateDays(new Date(`${month}-01T00:00:00Z`), new Date(Date.UTC(Number(year), m, 1)));
      const rebuild = () => Promise.all((['core', 'aspects'] as const).map((part) => this.rebuildMonth(month, days, scopes, part)));
      await (this.writeLock ? this.writeLock.run(rebuild) : rebuild());
    }
  }

  private async rebuildMonth(month: string, days: string[], scopes: Scope[], part: RollupPart): Promise<void> {
    const series = await this.seriesForScopes('d', scopes, days, part);
    const kind = rollupKind('m', part);
    const [year, slot] = [periodOfBucket('m', month), slotOfBucket('m', month)];
    const ops = new Map<string, AnyBulkWriteOperation<RollupRow>[]>();
    for (const [scope, perDay] of series) {
      if (perDay.size === 0) continue;
      const sums: CounterFields = {};
      for (const s of perDay.values()) addInto(sums, s);
      const set = Object.fromEntries(Object.entries(sums).map(([metric, v]) => [slotField(slot, metric), v]));
      const name = rollupCollection(kind, year, scope);
      (ops.get(name) ?? ops.set(name, []).get(name)!).push({
        updateOne: {
          filter: { _id: scope } as Filter<RollupRow>,
          update: { $set: set, $setOnInsert: { g: kind, period: year, scope } } as unknown as UpdateFilter<RollupRow>,
          upsert: true,
        },
      });
    }
    await Promise.all([...ops].map(([name, list]) => this.col(name).bulkWrite(list, { ordered: false })));
  }

  /** Writes counters directly (benchmarks and history loads): one `$inc` upsert per rollup document. */
  async incrementRaw(docs: Array<{ g: RollupKind; period: string; scope: Scope; inc: CounterFields }>, scopeDocs: ScopeDoc[] = []): Promise<void> {
    const byCollection = new Map<string, typeof docs>();
    for (const d of docs) {
      const name = rollupCollection(d.g, d.period, d.scope);
      byCollection.set(name, [...(byCollection.get(name) ?? []), d]);
    }
    await Promise.all(
      [...byCollection].map(([name, list]) =>
        this.col(name).bulkWrite(
          list.map((d) => ({
            updateOne: {
              filter: { _id: d.scope } as Filter<RollupRow>,
              update: { $inc: d.inc, $setOnInsert: { g: d.g, period: d.period, scope: d.scope } } as unknown as UpdateFilter<RollupRow>,
              upsert: true,
            },
          })),
          { ordered: false },
        ),
      ),
    );
    if (scopeDocs.length) {
      await this.scopes.bulkWrite(
        scopeDocs.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })),
        { ordered: false },
      );
    }
  }

  /** Writes term counts directly (benchmarks and history loads). */
  async incrementTermsRaw(docs: Array<{ day: string; scope: Scope; inc: CounterFields }>): Promise<void> {
    await Promise.all(
      docs.map((d) =>
        this.col(termsCollection(d.day, d.scope)).updateOne(
          { _id: d.scope } as Filter<RollupRow>,
          { $inc: d.inc, $setOnInsert: { day: d.day, scope: d.scope } } as unknown as UpdateFilter<RollupRow>,
          { upsert: true },
        ),
      ),
    );
  }
}
