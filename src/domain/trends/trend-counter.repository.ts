import type { Collection, Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Collection as DriverCollection, Document, Filter, UpdateFilter } from 'mongodb';
import type { Redis } from 'ioredis';
import { boundedBulkWrites } from '../../infra/mongo.ts';
import { groupBy } from '../group-by.ts';
import type { Mutex } from '../../infra/redis-lock.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';
import { enumerateDays } from './buckets.ts';
import { CounterBuffer, type DocChange, type PendingFlush } from './counter-buffer.ts';
import { addInto, type CounterFields } from './counter-metrics.ts';
import { rollupChanges, SCOPES_COLLECTION, type CountItem, type SampleItem } from './rollup-changes.ts';
import {
  ALL_SCOPE,
  bucketOf,
  kindScope,
  labelScope,
  rollupCollection,
  periodOfBucket,
  rollupKind,
  slotField,
  slotOfBucket,
  samplesCollection,
  termsCollection,
  isTermsCollection,
  TERM_ITEMS,
  uniquePeriods,
  type Granularity,
  type RollupKind,
  type RollupPart,
  type Scope,
} from './rollup-keys.ts';
import { coverBuckets } from './rollup-cover.ts';

export type { Granularity } from './rollup-keys.ts';
export type { CountItem, SampleItem } from './rollup-changes.ts';

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

export interface AddOptions {
  /**
   * Makes the operation exactly-once: a second call with the same key changes nothing (two
   * workers running one redelivered batch, or a crash between storing and counting). Ingest keys
   * it on the batch (ingest-batch.service.ts), corrections on the item and revision.
   */
  opKey?: string;
  /** Also count terms and phrases of the items' text (new items at ingest; corrections move no terms). */
  terms?: boolean;
}

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

interface RollupRow {
  _id: string;
  [field: string]: unknown;
}

/** Marks a rollup document with the last flush written into it: re-writing that flush is a no-op. */
const FLUSH_MARKER = 'flushedBy';
/** Marks a rollup document that has absorbed its counterpart from the main database (absorbLegacyCollection). */
const ABSORBED_MARKER = 'absorbed';
const META_FIELDS = new Set(['_id', 'g', 'period', 'scope', 'day', FLUSH_MARKER, ABSORBED_MARKER]);
/** A terms document's counts (JSON: term → items mentioning it, plus TERM_ITEMS). */
const TERMS_FIELD = 'counts';
/** Every slot a rollup document can hold: hours 00–23, days 01–31, months 01–12. */
const SLOTS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Trend counters: per-period collections of per-scope rollup documents (see rollup-keys.ts) with
 * every metric of counter-metrics.ts per slot, per-day term counts and per-day sample items.
 * Counting goes through a Redis write-behind buffer (counter-buffer.ts); reads see a batch once
 * its flush has run, at most `flushMs` later. Only this repository touches the `trend_*` collections.
 */
export class TrendCounterRepository {
  private readonly collections = new Map<string, Collection<RollupRow>>();
  private readonly scopes: Collection<ScopeDoc>;
  private readonly buffer: CounterBuffer;
  private tailFlush: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly writes: CounterWriteOptions,
  ) {
    this.scopes = connection.collection<ScopeDoc>(SCOPES_COLLECTION);
    this.buffer = new CounterBuffer(writes.redis, writes.prefix);
  }

  private col(name: string): Collection<RollupRow> {
    return this.collections.get(name) ?? this.collections.set(name, this.connection.collection<RollupRow>(name)).get(name)!;
  }

  /** Documents are found by `_id` (the scope) in small per-period collections: nothing to index. */
  async ensureIndexes(): Promise<void> {}

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
    await this.buffer.add(rollupChanges(groups, opts), opts.opKey);
    await this.flushIfDue();
  }

  /** Flushes now if no flush ran within `flushMs`; otherwise makes sure one runs when the interval ends. */
  private async flushIfDue(): Promise<void> {
    const { redis, prefix, flushMs } = this.writes;
    if (flushMs === 0 || (await redis.set(`${prefix}:counters:flush-due`, '1', 'PX', flushMs, 'NX')) === 'OK') {
      await this.flush();
      return;
    }
    this.tailFlush ??= setTimeout(() => {
      this.tailFlush = undefined;
      this.flush().catch((err: unknown) => this.writes.onFlushError?.(err));
    }, flushMs);
  }

  /** Writes everything buffered so far to MongoDB (and first any flush a crashed flusher left). */
  async flush(): Promise<void> {
    const startedAt = Date.now();
    await this.writes.flushLock.run(async () => {
      // Twice at most: an unfinished flush, then the current buffer. Batches arriving meanwhile wait for the next.
      for (let round = 0; round < 2; round++) {
        const pending = await this.buffer.beginFlush();
        if (!pending) return;
        await this.writeFlush(pending);
        await this.buffer.endFlush(pending.id);
      }
    });
    this.writes.onFlushed?.(startedAt);
  }

  /** Flushes what is left and stops the tail timer (process shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.tailFlush);
    this.tailFlush = undefined;
    if (await this.buffer.hasPending()) await this.flush();
  }

  /**
   * One upsert per document. Each document records the flush id; an upsert that meets a document
   * already marked with it fails on the duplicate `_id`, which means "already written" (a resumed
   * flush). Only one flusher runs, so nothing else races it.
   */
  private async writeFlush({ id, changes }: PendingFlush): Promise<void> {
    const writes = await Promise.all(
      [...groupBy(changes, (c) => c.collection)].map(async ([name, docs]) => ({
        collection: this.col(name),
        ops: isTermsCollection(name) ? await this.termsReplacements(name, docs, { flushId: id }) : docs.map((c) => counterUpsert(name, c, [FLUSH_MARKER, id])),
      })),
    );
    await boundedBulkWrites(writes, { ignoreDuplicateKeys: true });
  }

  /**
   * Term counts added to one day's terms documents: read, add, replace. A terms document keeps its
   * counts in one JSON field, not a field per term: a busy day names tens of thousands of distinct
   * terms and phrases, and FerretDB decodes and re-encodes every field of a document on each
   * update (~15 µs a field at a few thousand), so per-term fields made terms 85 % of the counters'
   * store time (bench:pipeline). Safe without `$inc` because only one writer runs: the flusher,
   * under the flush lock (or a history loader). `mark.flushId`: documents already marked with it
   * were written by an earlier attempt of this flush and are skipped; `mark.absorbed`: likewise for
   * documents that already absorbed their legacy counterpart.
   */
  private async termsReplacements(
    name: string,
    changes: Array<{ id: string; inc: CounterFields }>,
    mark: { flushId?: string; absorbed?: true } = {},
  ): Promise<AnyBulkWriteOperation<RollupRow>[]> {
    const current = new Map((await this.col(name).find({ _id: { $in: changes.map((c) => c.id) } } as Filter<RollupRow>).toArray()).map((d) => [d._id, d]));
    const ops: AnyBulkWriteOperation<RollupRow>[] = [];
    for (const c of changes) {
      const doc = current.get(c.id);
      if ((mark.flushId && doc?.[FLUSH_MARKER] === mark.flushId) || (mark.absorbed && doc?.[ABSORBED_MARKER])) continue;
      const counts = addInto(storedTermCounts(doc), c.inc);
      for (const term in counts) if (counts[term] === 0) delete counts[term];
      const flushedBy = mark.flushId ?? doc?.[FLUSH_MARKER];
      const replacement: RollupRow = {
        _id: c.id,
        [TERMS_FIELD]: JSON.stringify(counts),
        ...(flushedBy ? { [FLUSH_MARKER]: flushedBy } : {}),
        ...(mark.absorbed || doc?.[ABSORBED_MARKER] ? { [ABSORBED_MARKER]: true } : {}),
      };
      ops.push({ replaceOne: { filter: { _id: c.id } as Filter<RollupRow>, replacement, upsert: true } });
    }
    return ops;
  }

  /**
   * Merges a collection of rollups written before rollups moved to their own database (`legacy`:
   * the same-named collection in the main database) into this one. Each document is merged once:
   * the merged document is marked, so a re-run after a crash skips it. Under the flush lock,
   * because FerretDB loses concurrent `$inc`s to one document. Returns the documents read.
   */
  async absorbLegacyCollection(legacy: DriverCollection<Document>): Promise<number> {
    const name = legacy.collectionName;
    // Rollup documents are keyed by scope (a string), as in this database.
    const docs = (await legacy.find({}).toArray()) as unknown as RollupRow[];
    if (docs.length === 0) return 0;
    const changes = docs.map((d) => legacyChange(name, d));
    await this.writes.flushLock.run(async () => {
      const ops = isTermsCollection(name)
        ? await this.termsReplacements(name, changes, { absorbed: true })
        : changes.map((c) => counterUpsert(name, c, [ABSORBED_MARKER, true]));
      await boundedBulkWrites([{ collection: this.col(name), ops }], { ignoreDuplicateKeys: true });
    });
    return docs.length;
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
    const wanted = groupBy(
      periods.flatMap((period) => scopes.map((scope) => ({ name: collectionOf(period, scope), scope }))),
      (w) => w.name,
    );
    const docs = await Promise.all(
      [...wanted].map(([name, list]) => {
        const ids = list.map((w) => w.scope);
        return this.col(name).find((ids.length === 1 ? { _id: ids[0] } : { _id: { $in: ids } }) as Filter<RollupRow>).toArray();
      }),
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
        if (META_FIELDS.has(field) || typeof v !== 'string') continue;
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
      const counts = storedTermCounts(doc);
      for (const term in counts) {
        const v = counts[term]!;
        if (term === TERM_ITEMS) items += v;
        else if (v !== 0) terms.set(term, (terms.get(term) ?? 0) + v);
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
   * to, so running it again changes nothing; each month is rebuilt under the flush lock, so no
   * flush lands in one level and not the other.
   */
  async rebuildMonthly(year: string): Promise<void> {
    const scopes = [ALL_SCOPE, ...(await this.listScopes()).map((s) => s._id)];
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const days = enumerateDays(new Date(`${month}-01T00:00:00Z`), new Date(Date.UTC(Number(year), m, 1)));
      const rebuild = () => Promise.all((['core', 'aspects'] as const).map((part) => this.rebuildMonth(month, days, scopes, part)));
      await this.writes.flushLock.run(rebuild);
    }
  }

  private async rebuildMonth(month: string, days: string[], scopes: Scope[], part: RollupPart): Promise<void> {
    const series = await this.seriesForScopes('d', scopes, days, part);
    const kind = rollupKind('m', part);
    const [year, slot] = [periodOfBucket('m', month), slotOfBucket('m', month)];
    const writes: Array<{ name: string; op: AnyBulkWriteOperation<RollupRow> }> = [];
    for (const [scope, perDay] of series) {
      if (perDay.size === 0) continue;
      const sums: CounterFields = {};
      for (const s of perDay.values()) addInto(sums, s);
      const set = Object.fromEntries(Object.entries(sums).map(([metric, v]) => [slotField(slot, metric), v]));
      writes.push({
        name: rollupCollection(kind, year, scope),
        op: {
          updateOne: {
            filter: { _id: scope } as Filter<RollupRow>,
            update: { $set: set, $setOnInsert: { g: kind, period: year, scope } } as unknown as UpdateFilter<RollupRow>,
            upsert: true,
          },
        },
      });
    }
    await this.writeGrouped(writes);
  }

  /** Writes counters directly (benchmarks and history loads): one `$inc` upsert per rollup document. */
  async incrementRaw(docs: Array<{ g: RollupKind; period: string; scope: Scope; inc: CounterFields }>, scopeDocs: ScopeDoc[] = []): Promise<void> {
    await this.writeGrouped(
      docs.map((d) => ({
        name: rollupCollection(d.g, d.period, d.scope),
        op: {
          updateOne: {
            filter: { _id: d.scope } as Filter<RollupRow>,
            update: { $inc: d.inc, $setOnInsert: { g: d.g, period: d.period, scope: d.scope } } as unknown as UpdateFilter<RollupRow>,
            upsert: true,
          },
        },
      })),
    );
    if (scopeDocs.length) {
      const ops = scopeDocs.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } }));
      await boundedBulkWrites([{ collection: this.scopes, ops }]);
    }
  }

  /** Writes term counts directly (benchmarks and history loads). */
  async incrementTermsRaw(docs: Array<{ day: string; scope: Scope; inc: CounterFields }>): Promise<void> {
    const byCollection = groupBy(docs, (d) => termsCollection(d.day, d.scope));
    const writes = await Promise.all(
      [...byCollection].map(async ([name, list]) => ({ collection: this.col(name), ops: await this.termsReplacements(name, list.map((d) => ({ id: d.scope, inc: d.inc }))) })),
    );
    await boundedBulkWrites(writes);
  }

  /** Writes upserts addressed to collections by name, grouped per collection (bounded, see mongo.ts). */
  private async writeGrouped(writes: Array<{ name: string; op: AnyBulkWriteOperation<RollupRow> }>): Promise<void> {
    const byCollection = groupBy(writes, (w) => w.name);
    await boundedBulkWrites([...byCollection].map(([name, list]) => ({ collection: this.col(name), ops: list.map((w) => w.op) })));
  }
}

/**
 * The upsert adding one change to a rollup document (or registering a scope), at most once: the
 * document is marked (`[field, value]`), and an upsert meeting the mark fails on the duplicate `_id`.
 */
function counterUpsert(name: string, c: DocChange, [field, value]: [string, string | true]): AnyBulkWriteOperation<RollupRow> {
  if (name === SCOPES_COLLECTION) {
    return { updateOne: { filter: { _id: c.id }, update: { $setOnInsert: c.meta } as UpdateFilter<RollupRow>, upsert: true } };
  }
  const update = {
    ...(Object.keys(c.inc).length ? { $inc: c.inc } : {}),
    $set: { ...c.set, [field]: value },
    ...(Object.keys(c.meta).length ? { $setOnInsert: c.meta } : {}),
  };
  return {
    updateOne: {
      filter: { _id: c.id, [field]: { $ne: value } } as Filter<RollupRow>,
      update: update as unknown as UpdateFilter<RollupRow>,
      upsert: true,
    },
  };
}

/** A rollup document from the main database as the change that adds it into this database. */
function legacyChange(name: string, d: RollupRow): DocChange {
  const change: DocChange = { collection: name, id: d._id, meta: {}, inc: {}, set: {} };
  if (isTermsCollection(name)) return { ...change, inc: storedTermCounts(d) };
  for (const [field, v] of Object.entries(d)) {
    if (field === '_id' || field === FLUSH_MARKER || field === ABSORBED_MARKER) continue;
    // A scope registry entry is all metadata (type, label, …).
    if (name === SCOPES_COLLECTION || META_FIELDS.has(field)) change.meta[field] = String(v);
    else if (typeof v === 'number') change.inc[field] = v;
    else change.set[field] = String(v);
  }
  return change;
}

/**
 * A terms document's counts: the JSON field, plus any per-term number fields of documents
 * written before the counts moved into one field (they are folded in on the next write).
 */
function storedTermCounts(doc: RollupRow | undefined): CounterFields {
  const counts: CounterFields = typeof doc?.[TERMS_FIELD] === 'string' ? (JSON.parse(doc[TERMS_FIELD]) as CounterFields) : {};
  for (const field in doc) {
    const v = doc[field];
    if (typeof v === 'number' && !META_FIELDS.has(field) && !field.includes('|')) counts[field] = (counts[field] ?? 0) + v;
  }
  return counts;
}
