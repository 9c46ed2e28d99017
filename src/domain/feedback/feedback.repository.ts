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
   * Claims each item's fingerprint; items whose fingerprint another item claimed first are
   * marked `duplicateOf` that item. Returns duplicate item id → original item id. Idempotent: a
   * redelivered item finds its own claim and stays an original. No transactions needed: the
   * unique `_id` of the claim is the arbiter, even between concurrent batches.
   */
  async markDuplicates(items: Array<Pick<StoredFeedbackItem, '_id' | 'sourceId' | 'fingerprint'>>, now = new Date()): Promise<Map<string, string>> {
    const withPrint = items.filter((i): i is typeof i & { fingerprint: string } => Boolean(i.fingerprint));
    if (withPrint.length === 0) return new Map();
    try {
      await this.fingerprints.insertMany(
        withPrint.map((i) => ({ _id: i.fingerprint, itemId: String(i._id), sourceId: i.sourceId, at: now })),
        { ordered: false },
      );
    } catch (err) {
      const code = (err as { code?: number }).code;
      const writeErrors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? [];
      if (code !== 11000 && !writeErrors.every((w) => w.code === 11000)) throw err;
    }
    const claims = await this.fingerprints.find({ _id: { $in: withPrint.map((i) => i.fingerprint) } }).toArray();
    const owner = new Map(claims.map((c) => [c._id, c.itemId]));
    const duplicates = new Map<string, string>();
    for (const item of withPrint) {
      const original = owner.get(item.fingerprint);
      if (original && original !== String(item._id)) duplicates.set(String(item._id), original);
    }
    if (duplicates.size > 0) {
      await this.model.collection.bulkWrite(
        [...duplicates].map(([id, original]) => ({
          updateOne: { filter: { _id: new Types.ObjectId(id) }, update: { $set: { duplicateOf: original } } },
        })),
        { ordered: false },
      );
    }
    return duplicates;
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * One bulkWrite of upserts keyed on (sourceId, externalId): a re-polled or redelivered item
   * matches its stored copy and changes nothing.
   */
  async upsertBatch(docs: FeedbackItemDoc[]): Promise<{ inserted: number; existing: number }> {
    if (docs.length === 0) return { inserted: 0, existing: 0 };
    const result = await this.model.collection.bulkWrite(
      docs.map((doc) => ({
        updateOne: {
          filter: { sourceId: doc.sourceId, externalId: doc.externalId },
          update: { $setOnInsert: doc },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return { inserted: result.upsertedCount, existing: result.matchedCount };
  }

  /** Items of one source whose contribution is not yet in the trend counters. */
  async findUncounted(sourceId: string, externalIds: string[]): Promise<StoredFeedbackItem[]> {
    return this.model
      .find({ sourceId, externalId: { $in: externalIds }, counted: false })
      .lean<StoredFeedbackItem[]>()
      .exec();
  }

  async markCounted(ids: Types.ObjectId[]): Promise<void> {
    if (ids.length === 0) return;
    await this.model.collection.updateMany({ _id: { $in: ids } }, { $set: { counted: true } });
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
