/**
 * Corrections live beside the model's output on the stored item: `classification` becomes the
 * corrected labels (so every reader — lists, counters, cases — uses them), `modelClassification`
 * keeps what the model said, `correction` says who changed what and when. A log collection keeps
 * every correction for `earshot export-corrections`.
 */
import { Types, type Collection, type Connection } from 'mongoose';
import type { Classification } from '../classification/classification.types.ts';
import type { StoredFeedbackItem } from '../feedback/feedback.repository.ts';

export interface CorrectionMeta {
  by: string;
  at: Date;
  fields: string[];
  note: string | null;
  rev: number;
}

export type CorrectableItem = StoredFeedbackItem & { modelClassification?: Classification; correction?: CorrectionMeta };

export interface CorrectionLogDoc {
  itemId: string;
  sourceId: string;
  label: string;
  kind: string;
  text: string;
  rating: number | null;
  nps: number | null;
  modelVersion: string;
  model: Classification;
  before: Classification;
  after: Classification;
  fields: string[];
  note: string | null;
  by: string;
  at: Date;
}

export class CorrectionRepository {
  /** The feedback items collection, touched only for the correction fields above. */
  private readonly items: Collection;
  private readonly log: Collection<CorrectionLogDoc>;

  constructor(connection: Connection) {
    this.items = connection.collection('feedback_items');
    this.log = connection.collection<CorrectionLogDoc>('classification_corrections');
  }

  async ensureIndexes(): Promise<void> {
    await this.log.createIndex({ itemId: 1 });
  }

  async findItem(id: string): Promise<CorrectableItem | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    return (await this.items.findOne({ _id: new Types.ObjectId(id) })) as CorrectableItem | null;
  }

  /** Writes the corrected labels only if no other correction landed since `item` was read. */
  async applyToItem(item: CorrectableItem, after: Classification, meta: CorrectionMeta): Promise<boolean> {
    const previousRev = item.correction?.rev;
    const filter = previousRev === undefined ? { _id: item._id, correction: { $exists: false } } : { _id: item._id, 'correction.rev': previousRev };
    const result = await this.items.updateOne(filter, {
      $set: { classification: after, modelClassification: item.modelClassification ?? item.classification, correction: meta },
    });
    return result.matchedCount === 1;
  }

  async appendLog(doc: CorrectionLogDoc): Promise<void> {
    await this.log.insertOne(doc);
  }

  /** Every correction in time order (oldest first), optionally since a time. */
  stream(since?: Date): AsyncIterable<CorrectionLogDoc> {
    return this.log.find(since ? { at: { $gte: since } } : {}).sort({ at: 1, _id: 1 });
  }

  /** The logged corrections of these items. */
  async countForItems(itemIds: string[]): Promise<number> {
    if (itemIds.length === 0) return 0;
    return this.log.countDocuments({ itemId: { $in: itemIds } });
  }

  async deleteForItems(itemIds: string[]): Promise<number> {
    if (itemIds.length === 0) return 0;
    return (await this.log.deleteMany({ itemId: { $in: itemIds } })).deletedCount;
  }
}
