import type { Collection, Connection } from 'mongoose';
import type { DigestDoc } from './digest.types.ts';

export class DigestRepository {
  private readonly digests: Collection<DigestDoc>;

  constructor(connection: Connection) {
    this.digests = connection.collection<DigestDoc>('digests');
  }

  async ensureIndexes(): Promise<void> {}

  /** One document per week: rebuilding a week replaces it. */
  async save(d: DigestDoc): Promise<void> {
    await this.digests.replaceOne({ _id: d._id }, d, { upsert: true });
  }

  async get(week: string): Promise<DigestDoc | null> {
    return this.digests.findOne({ _id: week });
  }

  /** The newest week (ids sort as weeks do); a few dozen documents a year, so sorting in the store is fine. */
  async latest(): Promise<DigestDoc | null> {
    const [d] = await this.digests.find({}).sort({ _id: -1 }).limit(1).toArray();
    return d ?? null;
  }
}
