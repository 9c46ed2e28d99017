import type { Redis } from 'ioredis';
import { Types, type Connection, type Model } from 'mongoose';
import { tryLease } from '../../infra/redis-lock.ts';
import { sourceModel, type EncryptedSecret, type SourceCheckpoint, type SourceDoc } from './source.model.ts';

export type StoredSource = SourceDoc & { _id: Types.ObjectId };

/** A source that fails this many polls in a row is paused until someone looks at it. */
export const MAX_CONSECUTIVE_FAILURES = 10;

export interface ReceivedCounts {
  received: number;
  excluded: number;
  invalid: number;
}

/** "YYYYMMDDHH" in UTC: the key of the per-hour received counts on a source. */
export const statsHourKey = (d: Date) => d.toISOString().slice(0, 13).replace(/[-T]/g, '');
const HOUR_MS = 3_600_000;

/** Items received in the 24 hours up to `now` (the current hour and the 23 before it). */
export function itemsLast24h(source: Pick<SourceDoc, 'stats'>, now = new Date()): number {
  const from = statsHourKey(new Date(now.getTime() - 23 * HOUR_MS));
  return Object.entries(source.stats?.receivedByHour ?? {}).reduce((sum, [hour, n]) => (hour >= from ? sum + n : sum), 0);
}

export class SourceRepository {
  private readonly model: Model<SourceDoc>;

  private readonly heldLeases = new Map<string, () => Promise<void>>();

  /**
   * `leases`: poll leases live in Redis, not in the source document: FerretDB applies conditional
   * updates without atomicity, so two polls could both take a lease kept in the document.
   */
  constructor(
    connection: Connection,
    private readonly leases: { redis: Redis; prefix: string },
  ) {
    this.model = sourceModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  async create(
    fields: Omit<SourceDoc, 'checkpoint' | 'health' | 'stats' | 'include' | 'exclude' | 'createdAt' | 'updatedAt'> &
      Partial<Pick<SourceDoc, 'include' | 'exclude'>>,
  ): Promise<StoredSource> {
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
      // Re-enabling a paused source clears the reason, the failure count and any backoff.
      set['health.pausedReason'] = null;
      set['health.consecutiveFailures'] = 0;
      set['health.nextPollAfter'] = null;
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

  /**
   * Takes the source's poll lease until `until`; false when another poll holds it. Two polls of
   * one source at once (a scheduled run and "poll now") would fetch and count the same items twice.
   */
  async acquirePollLease(id: Types.ObjectId, now: Date, until: Date): Promise<boolean> {
    const release = await tryLease(this.leases.redis, `${this.leases.prefix}:lease:poll:${String(id)}`, Math.max(1, until.getTime() - now.getTime()));
    if (release) this.heldLeases.set(String(id), release);
    return release !== null;
  }

  async releasePollLease(id: Types.ObjectId): Promise<void> {
    const release = this.heldLeases.get(String(id));
    this.heldLeases.delete(String(id));
    await release?.();
  }

  async setWebhookSecret(id: Types.ObjectId, secret: EncryptedSecret): Promise<void> {
    await this.model.collection.updateOne({ _id: id }, { $set: { webhookSecret: secret, updatedAt: new Date() } });
  }

  /**
   * Adds to the source's received/excluded/invalid counts and to this hour's received count;
   * hour keys older than two days are dropped in the same update.
   */
  private statsUpdate(source: Pick<StoredSource, 'stats'>, counts: ReceivedCounts, at: Date) {
    const inc: Record<string, number> = {
      'stats.received': counts.received,
      'stats.excluded': counts.excluded,
      'stats.invalid': counts.invalid,
      [`stats.receivedByHour.${statsHourKey(at)}`]: counts.received,
    };
    const oldest = statsHourKey(new Date(at.getTime() - 48 * HOUR_MS));
    const unset = Object.fromEntries(
      Object.keys(source.stats?.receivedByHour ?? {})
        .filter((hour) => hour < oldest)
        .map((hour) => [`stats.receivedByHour.${hour}`, '']),
    );
    return { inc, unset };
  }

  /** Counts items that arrived by push (webhook, import). */
  async recordReceived(source: StoredSource, counts: ReceivedCounts, at: Date): Promise<void> {
    const { inc, unset } = this.statsUpdate(source, counts, at);
    await this.model.collection.updateOne({ _id: source._id }, { $inc: inc, ...(Object.keys(unset).length ? { $unset: unset } : {}) });
  }

  async recordSuccess(source: StoredSource, checkpoint: SourceCheckpoint, at: Date, counts: ReceivedCounts = { received: 0, excluded: 0, invalid: 0 }): Promise<void> {
    const { inc, unset } = this.statsUpdate(source, counts, at);
    await this.model.collection.updateOne(
      { _id: source._id },
      {
        $set: {
          checkpoint,
          'health.lastPolledAt': at,
          'health.lastSuccessAt': at,
          'health.lastError': null,
          'health.consecutiveFailures': 0,
          'health.nextPollAfter': null,
        },
        $inc: inc,
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      },
    );
  }

  /**
   * Records a failed poll and when the next scheduled poll may run; returns true when this
   * failure paused the source.
   */
  async recordFailure(source: StoredSource, error: string, at: Date, nextPollAfter: Date | null = null): Promise<boolean> {
    const failures = (source.health?.consecutiveFailures ?? 0) + 1;
    const pause = failures >= MAX_CONSECUTIVE_FAILURES;
    await this.model.collection.updateOne(
      { _id: source._id },
      {
        $set: {
          'health.lastPolledAt': at,
          'health.lastError': error.slice(0, 500),
          'health.consecutiveFailures': failures,
          'health.nextPollAfter': nextPollAfter,
          ...(pause ? { enabled: false, 'health.pausedReason': `paused after ${failures} consecutive failures: ${error.slice(0, 200)}` } : {}),
        },
      },
    );
    return pause;
  }
}
