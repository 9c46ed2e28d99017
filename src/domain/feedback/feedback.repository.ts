import { Types, type Connection, type Model } from 'mongoose';
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

export class FeedbackRepository {
  private readonly model: Model<FeedbackItemDoc>;

  constructor(connection: Connection) {
    this.model = feedbackItemModel(connection);
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
