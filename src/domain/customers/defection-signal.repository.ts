import type { Collection, Connection } from 'mongoose';
import type { DefectionMatch } from './defection.ts';

/** One defection cue found in one item; `_id` is `<itemId>|<reason>` so a redelivered item writes nothing new. */
export interface DefectionSignalDoc {
  _id: string;
  itemId: string;
  authorHash: string;
  reason: DefectionMatch['reason'];
  phrase: string;
  publishedAt: Date;
}

export class DefectionSignalRepository {
  private readonly collection: Collection<DefectionSignalDoc>;

  constructor(connection: Connection) {
    this.collection = connection.collection<DefectionSignalDoc>('defection_signals');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ authorHash: 1 });
  }

  async record(signals: DefectionSignalDoc[]): Promise<void> {
    if (signals.length === 0) return;
    await this.collection.bulkWrite(
      signals.map((s) => ({ updateOne: { filter: { _id: s._id }, update: { $setOnInsert: s }, upsert: true } })),
      { ordered: false },
    );
  }

  async findByAuthors(hashes: string[]): Promise<DefectionSignalDoc[]> {
    if (hashes.length === 0) return [];
    return this.collection.find({ authorHash: { $in: [...new Set(hashes)] } }).toArray();
  }
}
