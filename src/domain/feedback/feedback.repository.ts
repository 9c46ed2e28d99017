import type { Redis } from 'ioredis';
import { Types, type Collection, type Connection, type Model } from 'mongoose';
import { execPipeline } from '../../infra/redis.ts';
import type { Category, FeedbackKind } from '../classification/classification.types.ts';
import { findByIdsOneByOne, insertNewDocuments, insertNewOrRefused } from '../../infra/mongo.ts';
import { deleteIfHolds } from '../../infra/redis-lock.ts';
import { createRedisMirror, type RedisMirror } from '../../infra/redis-mirror.ts';
import { feedbackItemModel, type FeedbackItemDoc } from './feedback-item.model.ts';
import { literalPattern } from './item-search.ts';
import { LATEST_MAX_LIMIT, LatestItemsIndex, type LatestScope } from './latest-items.index.ts';

export type StoredFeedbackItem = FeedbackItemDoc & { _id: Types.ObjectId };

/** An item the store refused alone (its batch was stored and counted without it), kept with the reason. */
export interface QuarantinedItem {
  _id: string;
  sourceId: string;
  externalId: string;
  batchKey: string;
  reason: string;
  at: Date;
  /** The refused document as JSON: it cannot be stored as it is. */
  document: string;
}

export interface ItemQuery {
  kind?: FeedbackKind;
  category?: Category;
  complaintType?: 'instrumental' | 'non-instrumental' | 'ostensive' | 'reflexive';
  sourceId?: string;
  label?: string;
  /** Terms that must all occur in the text, ignoring case (see item-search.ts). */
  text?: string[];
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: { publishedAt: Date; id: string };
}

export interface ItemPage {
  items: StoredFeedbackItem[];
  next: { publishedAt: Date; id: string } | null;
}

/** The scope of a query the newest-items index can answer: a first page, small, filtered by label, source and kind at most. */
function latestScopeOf(q: ItemQuery): LatestScope | null {
  const other = q.category || q.complaintType || q.text?.length || q.from || q.to || q.cursor;
  if (other || q.limit > LATEST_MAX_LIMIT) return null;
  return { label: q.label, sourceId: q.sourceId, kind: q.kind };
}

function pageOf(items: StoredFeedbackItem[], limit: number): ItemPage {
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, next: items.length > limit && last ? { publishedAt: last.publishedAt, id: String(last._id) } : null };
}

/** Where fingerprint claims live: `<prefix>:fp:<fingerprint>` → the claiming item's id, for `windowDays`. */
interface FingerprintClaims {
  redis: Redis;
  prefix: string;
  windowDays: number;
}

/** How long a push waits for the edit check before it answers without it. */
const STORED_CONTENT_WAIT_MS = 2_000;

/** Claims per pipeline when rebuilding them. */
const RECLAIM_CHUNK = 5_000;

export class FeedbackRepository {
  private readonly model: Model<FeedbackItemDoc>;
  private readonly quarantine: Collection<QuarantinedItem>;
  private readonly claimsMirror: RedisMirror;
  private readonly latest: LatestItemsIndex;

  /**
   * `claims`: fingerprint claims live in Redis with a TTL: on FerretDB any lookup of them scans the
   * whole claims collection (70–100 ms per batch, growing), and in Redis old claims expire by themselves.
   * The stored items stay the truth: when Redis has lost the claims, they are claimed again from them.
   */
  constructor(
    connection: Connection,
    private readonly claims: FingerprintClaims,
  ) {
    this.model = feedbackItemModel(connection);
    this.quarantine = connection.collection<QuarantinedItem>('quarantined_items');
    this.claimsMirror = createRedisMirror(claims.redis, `${claims.prefix}:fingerprints`, () => this.reclaimFromItems());
    this.latest = new LatestItemsIndex(claims.redis, claims.prefix);
  }

  /**
   * Claims again the fingerprints of the originals ingested within the window, each for what is
   * left of it. Newest first with NX: when two originals share a text (the first claim had expired
   * when the second came), the one holding the claim now keeps it.
   */
  private async reclaimFromItems(now = Date.now()): Promise<void> {
    const windowMs = this.claims.windowDays * 86_400_000;
    const rows = await this.model
      .find({ ingestedAt: { $gte: new Date(now - windowMs) } }, { fingerprint: 1, duplicateOf: 1, ingestedAt: 1 })
      .lean<Array<{ _id: Types.ObjectId; fingerprint?: string | null; duplicateOf?: string | null; ingestedAt: Date }>>()
      .exec();
    const holders = rows.filter((r) => r.fingerprint && !r.duplicateOf).sort((a, b) => b.ingestedAt.getTime() - a.ingestedAt.getTime());
    for (let i = 0; i < holders.length; i += RECLAIM_CHUNK) {
      const p = this.claims.redis.pipeline();
      for (const r of holders.slice(i, i + RECLAIM_CHUNK)) {
        const leftMs = r.ingestedAt.getTime() + windowMs - now;
        if (leftMs > 0) p.set(`${this.claims.prefix}:fp:${r.fingerprint}`, String(r._id), 'PX', leftMs, 'NX');
      }
      await execPipeline(p);
    }
  }

  /**
   * Claims each item's fingerprint; returns duplicate item id → original item id for items whose
   * fingerprint another item claimed first within the window. Idempotent: an item finds its own
   * earlier claim and stays an original. `SET NX` is the arbiter, even between concurrent batches
   * (and within one batch: the first item in order wins). Claimed before the items are inserted,
   * so nothing is updated after.
   */
  async claimFingerprints(items: Array<{ _id: Types.ObjectId; fingerprint?: string | null }>): Promise<Map<string, string>> {
    const withPrint = items.filter((i): i is typeof i & { fingerprint: string } => Boolean(i.fingerprint));
    if (withPrint.length === 0) return new Map();
    await this.claimsMirror.ensureComplete();
    const key = (i: { fingerprint: string }) => `${this.claims.prefix}:fp:${i.fingerprint}`;
    const ttlSeconds = this.claims.windowDays * 86_400;
    const set = await execPipeline(this.claims.redis.pipeline(withPrint.map((i) => ['set', key(i), String(i._id), 'EX', ttlSeconds, 'NX'])));
    // Only fingerprints someone already held cost a second round trip.
    const held = withPrint.filter((_i, n) => set[n] !== 'OK');
    if (held.length === 0) return new Map();
    const owners = await execPipeline(this.claims.redis.pipeline(held.map((i) => ['get', key(i)])));
    const duplicates = new Map<string, string>();
    held.forEach((item, n) => {
      const original = owners[n];
      // null: the claim expired between the two round trips, so nobody holds it and the item is an original.
      if (typeof original === 'string' && original !== String(item._id)) duplicates.set(String(item._id), original);
    });
    return duplicates;
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Inserts new items; a document the store refuses alone (a bad key in `meta`, say) is set aside
   * in `quarantined_items` with the store's reason, so one bad item never sinks its batch. Returns
   * the inserted items and the ones already stored (a redelivery).
   * Inserts, not upserts, for FerretDB 1.24 (SQLite): every per-document update or upsert scans the
   * collection there (measured: 200 upserts took 8 s at a few thousand items, 32 s a batch later);
   * an insert that meets an existing `_id` fails on the duplicate key, the same outcome as `$setOnInsert`.
   */
  async insertOrQuarantine(
    docs: Array<FeedbackItemDoc & { _id: Types.ObjectId }>,
    now = new Date(),
  ): Promise<{ inserted: StoredFeedbackItem[]; existing: Array<FeedbackItemDoc & { _id: Types.ObjectId }>; quarantined: number }> {
    const { existing, refused } = await insertNewOrRefused(this.model.collection, docs);
    if (refused.size) {
      const setAside = [...refused].map(([i, reason]): QuarantinedItem => {
        const d = docs[i]!;
        return { _id: String(d._id), sourceId: d.sourceId, externalId: d.externalId, batchKey: d.insertedBy ?? '', reason, at: now, document: JSON.stringify(d) };
      });
      await insertNewDocuments(this.quarantine, setAside);
    }
    const inserted = docs.filter((_d, i) => !existing.has(i) && !refused.has(i));
    await this.latest.add(inserted);
    return {
      inserted,
      existing: docs.filter((_d, i) => existing.has(i)),
      quarantined: refused.size,
    };
  }

  /** Items set aside by the store, newest first. */
  async listQuarantined(limit = 100): Promise<QuarantinedItem[]> {
    return this.quarantine.find({}).sort({ at: -1 }).limit(limit).toArray();
  }

  /**
   * The content fields of those items already stored, by id (an edit re-sent under the same
   * externalId); null while the store is unreachable, so pushes are still accepted then (their
   * items wait in the queue) instead of waiting on the driver's buffer.
   */
  async storedContent(ids: Types.ObjectId[]): Promise<Map<string, Pick<FeedbackItemDoc, 'text' | 'rating' | 'nps' | 'reach'>> | null> {
    if (ids.length === 0) return new Map();
    if (this.model.db.readyState !== 1) return null; // 1: connected
    const query = this.model
      .find({ _id: { $in: ids } }, { text: 1, rating: 1, nps: 1, reach: 1 })
      .lean<Array<Pick<FeedbackItemDoc, 'text' | 'rating' | 'nps' | 'reach'> & { _id: Types.ObjectId }>>()
      .exec()
      .catch(() => null);
    // A store that went away is noticed by the driver only after seconds: answer without it meanwhile.
    let timer: NodeJS.Timeout | undefined;
    const rows = await Promise.race([query, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), STORED_CONTENT_WAIT_MS)))]);
    clearTimeout(timer);
    if (!rows) return null;
    return new Map(rows.map(({ _id, ...content }) => [String(_id), content]));
  }

  /** Reads items by id. */
  async findByIds(ids: Types.ObjectId[]): Promise<StoredFeedbackItem[]> {
    if (ids.length === 0) return [];
    return this.model.find({ _id: { $in: ids } }).lean<StoredFeedbackItem[]>().exec();
  }

  /**
   * The items of `ids` that the batch `batchKey` itself stored on an earlier attempt (a redelivered
   * batch reading back what it stored). They go into the newest-items index again: the attempt
   * that stored them may have died before it got there.
   */
  async findStoredBy(batchKey: string, ids: Types.ObjectId[]): Promise<StoredFeedbackItem[]> {
    const own = (await this.findByIds(ids)).filter((d) => d.insertedBy === batchKey);
    await this.latest.add(own);
    return own;
  }

  /** Which of these ids are stored (ids only: no document is decoded for the caller). */
  async storedIds(ids: Types.ObjectId[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.model.collection.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    return new Set(rows.map((r) => String(r._id)));
  }

  /**
   * Newest first, with a (publishedAt, _id) cursor so pages never skip or repeat items. A first
   * page of at most 50 items filtered by label, source and/or kind only comes from the newest-items
   * index when it can answer (latest-items.index.ts), the same items in the same order.
   */
  async list(q: ItemQuery): Promise<ItemPage> {
    const scope = latestScopeOf(q);
    if (!scope) return this.query(q);
    // The index only saves time: when Redis fails, the store answers.
    const read = await this.latest.newest(scope, q.limit + 1).catch(() => null);
    if (read?.ids) {
      const found = await findByIdsOneByOne(this.model.collection, read.ids.map((id) => new Types.ObjectId(id)));
      const gone = read.ids.filter((_id, i) => !found[i]);
      if (gone.length === 0) return pageOf(found as StoredFeedbackItem[], q.limit);
      await this.latest.forget(scope, gone).catch(() => undefined);
    }
    const items = await this.newestFromStore(q);
    if (read && !read.ids) await this.latest.seed(scope, items, items.length <= q.limit, read.skips).catch(() => undefined);
    return pageOf(items, q.limit);
  }

  private async query(q: ItemQuery): Promise<ItemPage> {
    return pageOf(await this.newestFromStore(q), q.limit);
  }

  /** The query's first `limit + 1` items, newest first (one more than the page: whether another page follows). */
  private async newestFromStore(q: ItemQuery): Promise<StoredFeedbackItem[]> {
    const filter: Record<string, unknown> = {};
    if (q.kind) filter.kind = q.kind;
    if (q.sourceId) filter.sourceId = q.sourceId;
    if (q.label) filter.label = q.label;
    if (q.category) filter['classification.category'] = q.category;
    if (q.complaintType === 'instrumental' || q.complaintType === 'non-instrumental') {
      filter['classification.complaint.intent'] = q.complaintType;
    } else if (q.complaintType) {
      filter['classification.complaint.blame'] = q.complaintType;
    }
    const range: Record<string, Date> = {};
    if (q.from) range.$gte = q.from;
    if (q.to) range.$lt = q.to;
    if (Object.keys(range).length) filter.publishedAt = range;
    if (q.cursor) {
      const id = new Types.ObjectId(q.cursor.id);
      filter.$or = [
        { publishedAt: { $lt: q.cursor.publishedAt } },
        { publishedAt: q.cursor.publishedAt, _id: { $lt: id } },
      ];
      if (q.from || q.to) {
        filter.$and = [{ publishedAt: range }];
        delete filter.publishedAt;
      }
    }
    if (q.text?.length) {
      const terms = q.text.map((t) => ({ text: { $regex: literalPattern(t), $options: 'i' } }));
      filter.$and = [...((filter.$and as unknown[] | undefined) ?? []), ...terms];
    }
    return this.model
      .find(filter)
      .sort({ publishedAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<StoredFeedbackItem[]>()
      .exec();
  }

  /** Every item matching the query, newest first, read a page at a time (exports of any size). */
  async *listAll(q: Omit<ItemQuery, 'limit' | 'cursor'>, pageSize: number): AsyncGenerator<StoredFeedbackItem> {
    let cursor: ItemQuery['cursor'];
    do {
      const page = await this.list({ ...q, limit: pageSize, cursor });
      yield* page.items;
      cursor = page.next ?? undefined;
    } while (cursor);
  }

  async count(filter: Record<string, unknown> = {}): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }

  /** Every item by these authors, optionally in one source (equality on the indexed authorHash). */
  async findByAuthors(hashes: string[], sourceId?: string): Promise<StoredFeedbackItem[]> {
    if (hashes.length === 0) return [];
    const filter: Record<string, unknown> = { authorHash: { $in: [...new Set(hashes)] } };
    if (sourceId) filter.sourceId = sourceId;
    return this.model.find(filter).sort({ publishedAt: 1, _id: 1 }).lean<StoredFeedbackItem[]>().exec();
  }

  /** Items of a kind published before `before`, oldest first (retention). */
  async findPublishedBefore(kind: FeedbackKind, before: Date, limit: number, skipIds: Types.ObjectId[] = []): Promise<StoredFeedbackItem[]> {
    const filter: Record<string, unknown> = { kind, publishedAt: { $lt: before } };
    if (skipIds.length) filter._id = { $nin: skipIds };
    return this.model.find(filter).sort({ publishedAt: 1, _id: 1 }).limit(limit).lean<StoredFeedbackItem[]>().exec();
  }

  /** Items stored as duplicates of these originals (their cross-posts). */
  async findDuplicatesOf(ids: string[]): Promise<StoredFeedbackItem[]> {
    if (ids.length === 0) return [];
    return this.model.find({ duplicateOf: { $in: ids } }).lean<StoredFeedbackItem[]>().exec();
  }

  /** Makes `id` the original its former siblings point at (the first original was erased). */
  async promoteToOriginal(id: Types.ObjectId, siblings: Types.ObjectId[]): Promise<void> {
    await this.model.collection.updateOne({ _id: id }, { $set: { duplicateOf: null } });
    if (siblings.length) await this.model.collection.updateMany({ _id: { $in: siblings } }, { $set: { duplicateOf: String(id) } });
  }

  /** Releases the fingerprint claims these items hold, so a later text is not called a copy of an erased one. */
  async releaseFingerprints(items: Array<{ _id: Types.ObjectId; fingerprint?: string | null }>): Promise<void> {
    for (const i of items) if (i.fingerprint) await deleteIfHolds(this.claims.redis, `${this.claims.prefix}:fp:${i.fingerprint}`, String(i._id));
  }

  /** Deletes items (erasure, retention), and then their ids from the newest-items index. */
  async deleteItems(items: StoredFeedbackItem[]): Promise<number> {
    if (items.length === 0) return 0;
    const deleted = (await this.model.collection.deleteMany({ _id: { $in: items.map((i) => i._id) } })).deletedCount;
    await this.latest.remove(items);
    return deleted;
  }
}
