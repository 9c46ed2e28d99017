import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { groupBy } from '../group-by.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';
import { addInto, type CounterFields } from './counter-metrics.ts';
import type { SampleItem } from './rollup-changes.ts';
import { ALL_SCOPE, bucketOf, kindScope, labelScope, rollupCollection, rollupKind, samplesCollection, termsCollection, TERM_ITEMS, uniquePeriods, type Granularity, type RollupPart, type Scope } from './rollup-keys.ts';
import { coverBuckets } from './rollup-cover.ts';
import { META_FIELDS, RollupCollections, storedTermCounts, type RollupRow, type ScopeDoc } from './rollup-store.ts';

export interface CounterFilter {
  g: Granularity;
  buckets: string[];
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

/** Every slot a rollup document can hold: hours 00–23, days 01–31, months 01–12. */
const SLOTS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Reads the trend counters: per-bucket series and range totals per scope, samples and term
 * counts. Sees a counted batch once its flush has run (trend-counter.repository.ts). Documents
 * are found by `_id` (the scope) in small per-period collections: nothing to index.
 */
export class TrendReaderRepository {
  private readonly rollups: RollupCollections;

  constructor(connection: Connection) {
    this.rollups = new RollupCollections(connection);
  }

  /** Every scope ever counted (kinds, labels, source × kind). Small: one document per scope. */
  async listScopes(): Promise<ScopeDoc[]> {
    return this.rollups.scopes.find({}).toArray();
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
        return this.rollups.get(name).find((ids.length === 1 ? { _id: ids[0] } : { _id: { $in: ids } }) as Filter<RollupRow>).toArray();
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
}
