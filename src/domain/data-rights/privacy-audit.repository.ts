/**
 * The privacy audit log: who looked a person up, exported or erased them, and what retention
 * purged, with counts. Never the identity asked about (not even its hash): an erasure record must
 * not point back at the person it erased. Erasures and purges never touch this collection.
 */
import type { Collection, Connection } from 'mongoose';

export type PrivacyAction = 'find' | 'export' | 'erase' | 'retention';

export interface PrivacyAuditDoc {
  action: PrivacyAction;
  /** The API key id (see auth.ts), `cli:<name>` or `system`. */
  by: string;
  at: Date;
  /** Whether the request was limited to one source (its id is not personal). */
  sourceId: string | null;
  /** Identifiers in the request (how many, not which). */
  subjects: number;
  counts: Record<string, number>;
}

export class PrivacyAuditRepository {
  private readonly log: Collection<PrivacyAuditDoc>;

  constructor(connection: Connection) {
    this.log = connection.collection<PrivacyAuditDoc>('privacy_audit');
  }

  async ensureIndexes(): Promise<void> {
    await this.log.createIndex({ at: -1 });
  }

  async record(doc: PrivacyAuditDoc): Promise<void> {
    await this.log.insertOne({ ...doc });
  }

  /** Newest first. */
  async list(limit: number, action?: PrivacyAction): Promise<PrivacyAuditDoc[]> {
    return this.log
      .find(action ? { action } : {}, { projection: { _id: 0 } })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
  }
}
