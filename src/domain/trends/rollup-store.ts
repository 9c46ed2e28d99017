/**
 * The `trend_*` collections at the document level, shared by the flusher, the reader and the raw
 * writers: the stored shapes, the collection cache and the writes they have in common. Only the
 * trend counter modules use it; nothing else touches these collections.
 */
import type { Collection, Connection } from 'mongoose';
import type { AnyBulkWriteOperation, Filter, UpdateFilter } from 'mongodb';
import { boundedBulkWrites } from '../../infra/mongo.ts';
import { groupBy } from '../group-by.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';
import type { DocChange } from './counter-buffer.ts';
import { addInto, type CounterFields } from './counter-metrics.ts';
import { SCOPES_COLLECTION } from './rollup-changes.ts';
import type { Scope } from './rollup-keys.ts';

/** A scope registry entry: one per scope ever counted. */
export interface ScopeDoc {
  _id: Scope;
  type: 'all' | 'kind' | 'label' | 'source';
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

export interface RollupRow {
  _id: string;
  [field: string]: unknown;
}

/** Marks a rollup document with the last flush written into it: re-writing that flush is a no-op. */
export const FLUSH_MARKER = 'flushedBy';
export const META_FIELDS = new Set(['_id', 'g', 'period', 'scope', 'day', FLUSH_MARKER]);
/** A terms document's counts (JSON: term → items mentioning it, plus TERM_ITEMS). */
const TERMS_FIELD = 'counts';

/** The rollup collections of one database, by name (per-period collections, see rollup-keys.ts). */
export class RollupCollections {
  private readonly cache = new Map<string, Collection<RollupRow>>();
  readonly scopes: Collection<ScopeDoc>;

  constructor(private readonly connection: Connection) {
    this.scopes = connection.collection<ScopeDoc>(SCOPES_COLLECTION);
  }

  get(name: string): Collection<RollupRow> {
    return this.cache.get(name) ?? this.cache.set(name, this.connection.collection<RollupRow>(name)).get(name)!;
  }

  /**
   * Term counts added to one day's terms documents: read, add, replace. A terms document keeps its
   * counts in one JSON field, not a field per term: a busy day names tens of thousands of distinct
   * terms and phrases, and FerretDB decodes and re-encodes every field of a document on each
   * update (~15 µs a field at a few thousand), so per-term fields made terms 85 % of the counters'
   * store time (bench:pipeline). Safe without `$inc` because only one writer runs: the flusher,
   * under the flush lock (or a history loader). Documents already marked with `flushId` were
   * written by an earlier attempt of this flush and are skipped.
   */
  async termsReplacements(name: string, changes: Array<{ id: string; inc: CounterFields }>, flushId?: string): Promise<AnyBulkWriteOperation<RollupRow>[]> {
    const current = new Map((await this.get(name).find({ _id: { $in: changes.map((c) => c.id) } } as Filter<RollupRow>).toArray()).map((d) => [d._id, d]));
    const ops: AnyBulkWriteOperation<RollupRow>[] = [];
    for (const c of changes) {
      const doc = current.get(c.id);
      if (flushId && doc?.[FLUSH_MARKER] === flushId) continue;
      const counts = addInto(storedTermCounts(doc), c.inc);
      for (const term in counts) if (counts[term] === 0) delete counts[term];
      const flushedBy = flushId ?? doc?.[FLUSH_MARKER];
      const replacement: RollupRow = { _id: c.id, [TERMS_FIELD]: JSON.stringify(counts), ...(flushedBy ? { [FLUSH_MARKER]: flushedBy } : {}) };
      ops.push({ replaceOne: { filter: { _id: c.id } as Filter<RollupRow>, replacement, upsert: true } });
    }
    return ops;
  }

  /** Ids of the documents of one rollup collection whose last write was flush `flushId`. */
  async markedBy(name: string, flushId: string): Promise<Set<string>> {
    const docs = await this.get(name).find({ [FLUSH_MARKER]: flushId } as Filter<RollupRow>, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  /** Writes upserts addressed to collections by name, grouped per collection (bounded, see mongo.ts). */
  async writeGrouped(writes: Array<{ name: string; op: AnyBulkWriteOperation<RollupRow> }>): Promise<void> {
    const byCollection = groupBy(writes, (w) => w.name);
    await boundedBulkWrites([...byCollection].map(([name, list]) => ({ collection: this.get(name), ops: list.map((w) => w.op) })));
  }
}

/**
 * The upsert adding one change to a rollup document (or registering a scope), marking the document
 * (`[field, value]`) so a resumed flush can tell it was written. Filtered by `_id` alone: FerretDB
 * 1.24 takes about twice as long over an update whose filter has a second condition (measured:
 * 60 → 115 ms at 2,000 documents), so the caller skips marked documents instead.
 */
export function counterUpsert(name: string, c: DocChange, [field, value]: [string, string]): AnyBulkWriteOperation<RollupRow> {
  if (name === SCOPES_COLLECTION) {
    return { updateOne: { filter: { _id: c.id }, update: { $setOnInsert: c.meta } as UpdateFilter<RollupRow>, upsert: true } };
  }
  const update = {
    ...(Object.keys(c.inc).length ? { $inc: c.inc } : {}),
    $set: { ...c.set, [field]: value },
    ...(Object.keys(c.meta).length ? { $setOnInsert: c.meta } : {}),
  };
  return { updateOne: { filter: { _id: c.id } as Filter<RollupRow>, update: update as unknown as UpdateFilter<RollupRow>, upsert: true } };
}

/** A terms document's counts (its JSON field). */
export function storedTermCounts(doc: RollupRow | undefined): CounterFields {
  return typeof doc?.[TERMS_FIELD] === 'string' ? (JSON.parse(doc[TERMS_FIELD]) as CounterFields) : {};
}
