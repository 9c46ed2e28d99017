import { Types, type Connection, type Model } from 'mongoose';
import { sourceModel, type SourceCheckpoint, type SourceDoc } from './source.model.ts';

export type StoredSource = SourceDoc & { _id: Types.ObjectId };

/** A source that fails this many polls in a row is paused until someone looks at it. */
export const MAX_CONSECUTIVE_FAILURES = 10;

export class SourceRepository {
  private readonly model: Model<SourceDoc>;

  constructor(connection: Connection) {
    this.model = sourceModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  async create(fields: Omit<SourceDoc, 'checkpoint' | 'health' | 'createdAt' | 'updatedAt'>): Promise<StoredSource> {
    const doc = await this.model.create(fields);
    return doc.toObject() as StoredSource;
  }

  async findById(id: string): Promise<StoredSource | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return this.model.findById(id).lean<StoredSource>().exec();
  }

  async list(): Promise<StoredSource[]> {
    return this.model.find().sort({ createdAt: 1 }).lean<StoredSource[]>().exec();
  }

  async listEnabled(): Promise<StoredSource[]> {
    return this.model.find({ enabled: true }).lean<StoredSource[]>().exec();
  }

  /** updateOne then findOne: FerretDB does not implement findAndModify with projections. */
  async update(id: string, fields: Partial<SourceDoc>): Promise<StoredSource | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const set: Record<string, unknown> = { ...fields, updatedAt: new Date() };
    if (fields.enabled === true) {
      // Re-enabling a paused source clears the reason and failure count.
      set['health.pausedReason'] = null;
      set['health.consecutiveFailures'] = 0;
    }
    const result = await this.model.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: set });
    if (result.matchedCount === 0) return null;
    return this.findById(id);
  }

  async delete(id: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(id)) return false;
    const result = await this.model.collection.deleteOne({ _id: new Types.ObjectId(id) });
    return result.deletedCount === 1;
  }

  async recordSuccess(id: Types.ObjectId, checkpoint: SourceCheckpoint, at: Date): Promise<void> {
    await this.model.collection.updateOne(
      { _id: id },
      {
        $set: {
          checkpoint,
          'health.lastPolledAt': at,
          'health.lastSuccessAt': at,
          'health.lastError': null,
          'health.consecutiveFailures': 0,
        },
      },
    );
  }

  /** Records a failed poll; returns true when this failure paused the source. */
  async recordFailure(source: StoredSource, error: string, at: Date): Promise<boolean> {
    const failures = (source.health?.consecutiveFailures ?? 0) + 1;
    const pause = failures >= MAX_CONSECUTIVE_FAILURES;
    await this.model.collection.updateOne(
      { _id: source._id },
      {
        $set: {
          'health.lastPolledAt': at,
          'health.lastError': error.slice(0, 500),
          'health.consecutiveFailures': failures,
          ...(pause ? { enabled: false, 'health.pausedReason': `paused after ${failures} consecutive failures: ${error.slice(0, 200)}` } : {}),
        },
      },
    );
    return pause;
  }
}
