import { Types, type Collection, type Connection, type Model } from 'mongoose';
import type { AnyBulkWriteOperation } from 'mongodb';
import { customerIdentityModel, customerModel, type AtRiskReason, type CustomerDoc, type CustomerIdentityDoc } from './customer.model.ts';
import type { ValueTier } from './tiers.ts';

export type StoredCustomer = CustomerDoc & { _id: Types.ObjectId };

export interface CustomerWrite {
  externalId: string;
  identityHashes: string[];
  figures: CustomerDoc['figures'];
  ltv: number;
}

/**
 * FerretDB 1.24 drops empty arrays and nulls written through `$setOnInsert` (measured), so fields
 * may be missing on read: fill them here rather than trusting the stored shape.
 */
function normalise(c: StoredCustomer): StoredCustomer {
  return { ...c, identityHashes: c.identityHashes ?? [], atRisk: c.atRisk ?? false, atRiskReasons: c.atRiskReasons ?? [], atRiskSince: c.atRiskSince ?? null, atRiskClearedAt: c.atRiskClearedAt ?? null };
}

export interface LtvCursor {
  ltv: number;
  id: string;
}

export class CustomerRepository {
  private readonly model: Model<CustomerDoc>;
  private readonly identities: Model<CustomerIdentityDoc>;
  /** Driver-level handle: `_id` is a string hash here, which mongoose's generic collection type does not allow. */
  private readonly identityCollection: Collection<CustomerIdentityDoc>;

  constructor(connection: Connection) {
    this.model = customerModel(connection);
    this.identities = customerIdentityModel(connection);
    this.identityCollection = connection.collection<CustomerIdentityDoc>('customer_identities');
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all([this.model.createIndexes(), this.identities.createIndexes()]);
  }

  /**
   * Upserts on `externalId` (one bulkWrite), then points each identity hash at its customer.
   * Tier and at-risk state are kept: they are recomputed by the service, not sent by callers.
   */
  async upsertMany(rows: CustomerWrite[], now: Date): Promise<StoredCustomer[]> {
    if (rows.length === 0) return [];
    await this.model.collection.bulkWrite(
      rows.map((r) => ({
        updateOne: {
          filter: { externalId: r.externalId },
          update: {
            $set: { identityHashes: r.identityHashes, figures: r.figures, ltv: r.ltv, updatedAt: now },
            $setOnInsert: { externalId: r.externalId, tier: 'core', atRisk: false, atRiskReasons: [], atRiskSince: null, createdAt: now },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    const stored = (await this.model.find({ externalId: { $in: rows.map((r) => r.externalId) } }).lean<StoredCustomer[]>().exec()).map(normalise);
    const ops: AnyBulkWriteOperation<CustomerIdentityDoc>[] = [];
    for (const c of stored) {
      for (const hash of c.identityHashes) {
        ops.push({ updateOne: { filter: { _id: hash }, update: { $set: { customerId: String(c._id) } }, upsert: true } });
      }
    }
    if (ops.length) await this.identityCollection.bulkWrite(ops, { ordered: false });
    // Identities a customer no longer lists stop matching them.
    const ids = stored.map((c) => String(c._id));
    const kept = stored.flatMap((c) => c.identityHashes);
    await this.identityCollection.deleteMany({ customerId: { $in: ids }, _id: { $nin: kept } });
    return stored;
  }

  /** The customers matching any of these author hashes, keyed by hash. */
  async findByIdentityHashes(hashes: string[]): Promise<Map<string, StoredCustomer>> {
    const out = new Map<string, StoredCustomer>();
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return out;
    const links = await this.identities.find({ _id: { $in: unique } }).lean<CustomerIdentityDoc[]>().exec();
    if (links.length === 0) return out;
    const customers = await this.model
      .find({ _id: { $in: [...new Set(links.map((l) => new Types.ObjectId(l.customerId)))] } })
      .lean<StoredCustomer[]>()
      .exec();
    const byId = new Map(customers.map((c) => [String(c._id), normalise(c)]));
    for (const link of links) {
      const c = byId.get(link.customerId);
      if (c) out.set(link._id, c);
    }
    return out;
  }

  async findByExternalId(externalId: string): Promise<StoredCustomer | null> {
    const c = await this.model.findOne({ externalId }).lean<StoredCustomer>().exec();
    return c ? normalise(c) : null;
  }

  async findByIds(ids: string[]): Promise<StoredCustomer[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    if (valid.length === 0) return [];
    return (await this.model.find({ _id: { $in: valid } }).lean<StoredCustomer[]>().exec()).map(normalise);
  }

  /** Every customer's LTV and tier: the input to the MVC computation (a projection, no figures). */
  async ltvTable(): Promise<Array<{ id: string; ltv: number; tier: ValueTier }>> {
    const rows = await this.model.find({}, { ltv: 1, tier: 1 }).lean<Array<{ _id: Types.ObjectId; ltv: number; tier: ValueTier }>>().exec();
    return rows.map((r) => ({ id: String(r._id), ltv: r.ltv, tier: r.tier }));
  }

  async setTiers(changes: Array<{ id: string; tier: ValueTier }>, now: Date): Promise<void> {
    if (changes.length === 0) return;
    await this.model.collection.bulkWrite(
      changes.map((c) => ({ updateOne: { filter: { _id: new Types.ObjectId(c.id) }, update: { $set: { tier: c.tier, updatedAt: now } } } })),
      { ordered: false },
    );
  }

  /** Adds reasons not already recorded (keyed by item id, so a redelivered item adds nothing). Returns true when something changed. */
  async addAtRiskReasons(customer: StoredCustomer, reasons: AtRiskReason[], now: Date): Promise<boolean> {
    const known = new Set(customer.atRiskReasons.map((r) => `${r.itemId}|${r.reason}`));
    const fresh = reasons.filter((r) => !known.has(`${r.itemId}|${r.reason}`));
    if (fresh.length === 0 && customer.atRisk) return false;
    const all = [...customer.atRiskReasons, ...fresh].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 20);
    await this.model.collection.updateOne(
      { _id: customer._id },
      { $set: { atRisk: true, atRiskReasons: all, atRiskSince: customer.atRiskSince ?? now, updatedAt: now } },
    );
    return true;
  }

  async clearAtRisk(id: Types.ObjectId, now: Date): Promise<void> {
    await this.model.collection.updateOne({ _id: id }, { $set: { atRisk: false, atRiskReasons: [], atRiskSince: null, atRiskClearedAt: now, updatedAt: now } });
  }

  /** At-risk customers, most valuable first, with an (ltv, _id) cursor. */
  async listAtRisk(limit: number, cursor?: LtvCursor): Promise<{ customers: StoredCustomer[]; next: LtvCursor | null }> {
    return this.listByLtv({ atRisk: true }, limit, cursor);
  }

  async listByLtv(filter: Record<string, unknown>, limit: number, cursor?: LtvCursor): Promise<{ customers: StoredCustomer[]; next: LtvCursor | null }> {
    const query: Record<string, unknown> = { ...filter };
    if (cursor) {
      const id = new Types.ObjectId(cursor.id);
      query.$or = [{ ltv: { $lt: cursor.ltv } }, { ltv: cursor.ltv, _id: { $lt: id } }];
    }
    const rows = await this.model.find(query).sort({ ltv: -1, _id: -1 }).limit(limit + 1).lean<StoredCustomer[]>().exec();
    const page = rows.slice(0, limit).map(normalise);
    const last = page[page.length - 1];
    return { customers: page, next: rows.length > limit && last ? { ltv: last.ltv, id: String(last._id) } : null };
  }
}
