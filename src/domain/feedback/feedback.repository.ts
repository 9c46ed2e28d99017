import { Types, type Collection, type Connection, type Model } from 'mongoose';
import type { Category, FeedbackKind } from '../classification/classification.types.ts';
import { feedbackItemModel, type FeedbackItemDoc } from './feedback-item.model.ts';

export type StoredFeedbackItem = FeedbackItemDoc & { _id: Types.ObjectId };

export interface ItemQuery {
  kind?: FeedbackKind;
  category?: Category;
  complaintType?: 'instrumental' | 'non-instrumental' | 'ostensive' | 'reflexive';
  sourceId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: { publishedAt: Date; id: string };
}

/** First claim of a text fingerprint: `_id` is the fingerprint, so the unique index decides who was first. */
interface FingerprintDoc {
  _id: string;
  itemId: string;
  sourceId: string;
  at: Date;
}

export class FeedbackRepository {
  private readonly model: Model<FeedbackItemDoc>;
  private readonly fingerprints: Collection<FingerprintDoc>;

  constructor(connection: Connection) {
    this.model = feedbackItemModel(connection);
    this.fingerprints = connection.collection<FingerprintDoc>('feedback_fingerprints');
  }

  /**
   * Claims each item's fingerprint; returns duplicate item id → original item id for items whose
   * fingerprint another item claimed first. Idempotent: an item finds its own earlier claim and
   * stays an original. No transactions needed: the unique `_id` of the claim is the arbiter, even
   * between concurrent batches. Claimed before the items are inserted, so nothing is updated after.
   */
  async claimFingerprints(items: Array<{ _id: Types.ObjectId; sourceId: string; fingerprint?: string | null }>, now = new Date()): Promise<Map<string, string>> {
    const withPrint = items.filter((i): i is typeof i & { fingerprint: string } => Boolean(i.fingerprint));
    if (withPrint.length === 0) return new Map();
    let conflicts = 0;
    try {
      await this.fingerprints.insertMany(
        withPrint.map((i) => ({ _id: i.fingerprint, itemId: String(i._id), sourceId: i.sourceId, at: now })),
        { ordered: false },
      );
    } catch (err) {
      const code = (err as { code?: number }).code;
      const writeErrors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? [];
      if (code !== 11000 && !writeErrors.every((w) => w.code === 11000)) throw err;
      conflicts = Math.max(1, writeErrors.length);
    }
    // Reading the claims back costs a scan on FerretDB: only when some claim already existed.
    if (conflicts === 0) return new Map();
    const claims = await this.fingerprints.find({ _id: { $in: withPrint.map((i) => i.fingerprint) } }).toArray();
    const owner = new Map(claims.map((c) => [c._id, c.itemId]));
    const duplicates = new Map<string, string>();
    for (const item of withPrint) {
      const original = owner.get(item.fingerprint);
      if (original && original !== String(item._id)) duplicates.set(String(item._id), original);
    }
    return duplicates;
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Inserts documents that carry their own `_id`; those already stored (duplicate key) are left
   * as they are. Inserts only: on FerretDB every per-document update scans the collection, so
   * bulk imports must not update (measured: 50–150 ms per updated document at 10k documents).
   */
  async insertNew(docs: Array<FeedbackItemDoc & { _id: Types.ObjectId }>): Promise<{ inserted: StoredFeedbackItem[]; existing: number }> {
    if (docs.length === 0) return { inserted: [], existing: 0 };
    const failed = new Set<number>();
    try {
      await this.model.collection.insertMany(docs, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ code?: number; index: number }> }).writeErrors;
      if (!writeErrors || writeErrors.length === 0 || writeErrors.some((w) => w.code !== 11000)) throw err;
      for (const w of writeErrors) failed.add(w.index);
    }
    return { inserted: docs.filter((_d, i) => !failed.has(i)), existing: failed.size };
  }

  /** Reads items by id (a redelivered batch reading back what it stored on an earlier attempt). */
  async findByIds(ids: Types.ObjectId[]): Promise<StoredFeedbackItem[]> {
    if (ids.length === 0) return [];
    return this.model.find({ _id: { $in: ids } }).lean<StoredFeedbackItem[]>().exec();
  }

  /** Newest first, with a (publishedAt, _id) cursor so pages never skip or repeat items. */
  async list(q: ItemQuery): Promise<{ items: StoredFeedbackItem[]; next: { publishedAt: Date; id: string } | null }> {
    const filter: Record<string, unknown> = {};
    if (q.kind) filter.kind = q.kind;
    if (q.sourceId) filter.sourceId = q.sourceId;
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
    const items = await this.model
      .find(filter)
      .sort({ publishedAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<StoredFeedbackItem[]>()
      .exec();
    const page = items.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      next: items.length > q.limit && last ? { publishedAt: last.publishedAt, id: String(last._id) } : null,
    };
  }

  async count(filter: Record<string, unknown> = {}): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }
}
