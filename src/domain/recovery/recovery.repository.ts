/** Read-only views of stored feedback that the recovery report needs (author follow-ups, the comparison group). */
import type { Collection, Connection } from 'mongoose';
import type { Classification } from '../classification/classification.types.ts';

export interface AuthorItem {
  _id: unknown;
  authorHash: string;
  publishedAt: Date;
  classification: Classification;
  rating?: number;
}

const FIELDS = { authorHash: 1, publishedAt: 1, classification: 1, rating: 1 } as const;

export class RecoveryRepository {
  private readonly items: Collection;

  constructor(connection: Connection) {
    this.items = connection.collection('feedback_items');
  }

  /** Every item by these authors (equality on the indexed authorHash). */
  async itemsByAuthors(hashes: string[]): Promise<AuthorItem[]> {
    if (hashes.length === 0) return [];
    return (await this.items.find({ authorHash: { $in: [...new Set(hashes)] } }, { projection: FIELDS }).toArray()) as unknown as AuthorItem[];
  }

  /** Items with a known author on these UTC days (day keys are equality-filtered, so this is not a scan). */
  async itemsOnDays(days: string[]): Promise<AuthorItem[]> {
    if (days.length === 0) return [];
    const rows = (await this.items.find({ day: { $in: days } }, { projection: FIELDS }).toArray()) as unknown as Array<AuthorItem & { authorHash: string | null }>;
    return rows.filter((r): r is AuthorItem => typeof r.authorHash === 'string');
  }
}
