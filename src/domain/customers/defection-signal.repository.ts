import type { Collection, Connection } from 'mongoose';
import { insertNewDocuments } from '../../infra/mongo.ts';
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
    // Keyed on item and reason: a redelivered item's signal is already there.
    await insertNewDocuments(this.collection, signals);
  }

  async findByAuthors(hashes: string[]): Promise<DefectionSignalDoc[]> {
    if (hashes.length === 0) return [];
    return this.collection.find({ authorHash: { $in: [...new Set(hashes)] } }).toArray();
  }

  /** Signals of these authors or found in these items. */
  async findByAuthorsOrItems(hashes: string[], itemIds: string[]): Promise<DefectionSignalDoc[]> {
    const or: Array<Record<string, unknown>> = [];
    if (hashes.length) or.push({ authorHash: { $in: [...new Set(hashes)] } });
    if (itemIds.length) or.push({ itemId: { $in: itemIds } });
    if (or.length === 0) return [];
    return this.collection.find({ $or: or }).toArray();
  }

  async deleteByIds(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.collection.deleteMany({ _id: { $in: ids } })).deletedCount;
  }
}
