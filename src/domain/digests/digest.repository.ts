import type { Collection, Connection } from 'mongoose';
import type { DigestDoc, DigestQuote } from './digest.types.ts';

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

  /**
   * Drops quotes of these items from the stored digests of the given weeks (an erasure). A quote
   * keeps no item id: it is matched on its time and text (a quote is the start of the item's text).
   */
  async forgetQuotes(weeks: string[], items: Array<{ text: string; publishedAt: string }>): Promise<number> {
    if (items.length === 0) return 0;
    const quotes = (q: DigestQuote) => items.some((i) => i.publishedAt === q.publishedAt && i.text.startsWith(q.text));
    let removed = 0;
    for (const d of await this.digests.find({ _id: { $in: [...new Set(weeks)] } }).toArray()) {
      const kept = d.quotes.filter((q) => !quotes(q));
      if (kept.length === d.quotes.length) continue;
      removed += d.quotes.length - kept.length;
      await this.digests.updateOne({ _id: d._id }, { $set: { quotes: kept } });
    }
    return removed;
  }
}
