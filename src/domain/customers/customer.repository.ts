import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Types, type Collection, type Connection, type Model } from 'mongoose';
import { JournaledReplace } from '../../infra/journaled-replace.ts';
import { createRedisMirror, type RedisMirror } from '../../infra/redis-mirror.ts';
import { customerIdentityModel, customerModel, type AtRiskReason, type CustomerDoc, type CustomerIdentityDoc } from './customer.model.ts';
import type { ValueTier } from './tiers.ts';

export type StoredCustomer = CustomerDoc & { _id: Types.ObjectId };

/** A new customer's id is derived from its external id, so two imports racing on one customer collide on `_id`. */
export function customerIdFor(externalId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(`customer\u0000${externalId}`).digest().subarray(0, 12));
}

/**
 * FerretDB 1.24 drops empty arrays and nulls written through `$setOnInsert` (measured), so fields
 * may be missing on read: fill them here rather than trusting the stored shape.
 */
function normalise(c: StoredCustomer): StoredCustomer {
  return { ...c, identityHashes: c.identityHashes ?? [], atRisk: c.atRisk ?? false, atRiskReasons: c.atRiskReasons ?? [], atRiskSince: c.atRiskSince ?? null, atRiskClearedAt: c.atRiskClearedAt ?? null };
}

/** Identity hashes per SADD when rebuilding the known-identity set. */
const REBUILD_CHUNK = 5_000;

export interface LtvCursor {
  ltv: number;
  id: string;
}

export class CustomerRepository {
  private readonly model: Model<CustomerDoc>;
  private readonly identities: Model<CustomerIdentityDoc>;
  /** Driver-level handle: `_id` is a string hash here, which mongoose's generic collection type does not allow. */
  private readonly identityCollection: Collection<CustomerIdentityDoc>;
  /** Every identity hash that links to a customer: `<prefix>:customers:identities`. */
  private readonly knownKey: string;
  private readonly known: RedisMirror;
  private readonly customerWrites: JournaledReplace<StoredCustomer>;
  private readonly identityWrites: JournaledReplace<CustomerIdentityDoc>;

  /**
   * `index`: a Redis set of the identity hashes that belong to customers. Most item authors are not
   * customers, and FerretDB scans the identity links for every lookup, so a batch asks MongoDB only
   * about the authors in the set (usually none).
   */
  constructor(
    connection: Connection,
    private readonly index: { redis: Redis; prefix: string },
  ) {
    this.model = customerModel(connection);
    this.identities = customerIdentityModel(connection);
    this.identityCollection = connection.collection<CustomerIdentityDoc>('customer_identities');
    this.customerWrites = new JournaledReplace(this.model.collection as never, connection.collection('customers_journal') as never);
    this.identityWrites = new JournaledReplace(this.identityCollection as never, connection.collection('customer_identities_journal') as never);
    this.knownKey = `${index.prefix}:customers:identities`;
    this.known = createRedisMirror(index.redis, this.knownKey, async () => {
      const links = await this.identityCollection.find({}, { projection: { _id: 1 } }).toArray();
      for (let i = 0; i < links.length; i += REBUILD_CHUNK) await this.index.redis.sadd(this.knownKey, ...links.slice(i, i + REBUILD_CHUNK).map((l) => l._id));
    });
  }

  /** Rebuilds the known-identity set from the identity links (worker start). */
  async rebuildIdentityIndex(): Promise<void> {
    await this.known.rebuild();
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all([this.model.createIndexes(), this.identities.createIndexes()]);
  }

  /** Finishes bulk writes a crashed process committed but did not complete (start-up; idempotent). */
  async recoverWrites(): Promise<void> {
    await Promise.all([this.customerWrites.recover(), this.identityWrites.recover()]);
  }

  /** Stored customers with these external ids (one read). */
  async findByExternalIds(externalIds: string[]): Promise<StoredCustomer[]> {
    if (externalIds.length === 0) return [];
    return (await this.model.find({ externalId: { $in: [...new Set(externalIds)] } }).lean<StoredCustomer[]>().exec()).map(normalise);
  }

  /**
   * Writes whole customer documents. On FerretDB 1.24 every per-document update scans the
   * collection (measured: ~130 ms per update at 5,000 customers, a 2,000-row upsert did not finish
   * in minutes), so a bulk write deletes the documents being replaced and inserts their new
   * versions: seconds for 5,000. Journaled, so a crash in between loses nothing (journaled-replace.ts).
   */
  async replaceMany(docs: StoredCustomer[], replacing: Types.ObjectId[]): Promise<void> {
    await this.customerWrites.replace(replacing, docs);
  }

  /**
   * Points each identity hash at its customer: inserts new links, moves links that now belong to
   * another customer, and drops identities these customers no longer list. Same write pattern as
   * replaceMany (no per-document updates).
   */
  async syncIdentities(customers: StoredCustomer[]): Promise<void> {
    if (customers.length === 0) return;
    const wanted = new Map<string, string>();
    for (const c of customers) for (const h of c.identityHashes) wanted.set(h, String(c._id));
    const ids = customers.map((c) => String(c._id));
    const current = await this.identityCollection.find({ $or: [{ _id: { $in: [...wanted.keys()] } }, { customerId: { $in: ids } }] }).toArray();
    const byHash = new Map(current.map((l) => [l._id, l.customerId]));
    const remove = current.filter((l) => wanted.get(l._id) !== l.customerId).map((l) => l._id);
    const insert = [...wanted].filter(([h, id]) => byHash.get(h) !== id).map(([h, id]) => ({ _id: h, customerId: id }));
    // The known set may list more hashes than MongoDB links (a wasted lookup), never fewer (a missed
    // customer): hashes go in before their links are written, and dropped identities stay in it,
    // because removing them could race with another upsert that links the same hash again.
    if (insert.length) await this.index.redis.sadd(this.knownKey, ...insert.map((l) => l._id));
    await this.identityWrites.replace(remove, insert);
  }

  /** The customers matching any of these author hashes, keyed by hash. MongoDB is asked only about hashes in the known set. */
  async findByIdentityHashes(hashes: string[]): Promise<Map<string, StoredCustomer>> {
    const out = new Map<string, StoredCustomer>();
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return out;
    await this.known.ensureComplete();
    const member = await this.index.redis.smismember(this.knownKey, ...unique);
    const candidates = unique.filter((_h, i) => member[i] === 1);
    if (candidates.length === 0) return out;
    const links = await this.identities.find({ _id: { $in: candidates } }).lean<CustomerIdentityDoc[]>().exec();
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
  async ltvTable(): Promise<Array<{ id: string; externalId: string; ltv: number; tier: ValueTier }>> {
    const rows = await this.model
      .find({}, { externalId: 1, ltv: 1, tier: 1 })
      .lean<Array<{ _id: Types.ObjectId; externalId: string; ltv: number; tier: ValueTier }>>()
      .exec();
    return rows.map((r) => ({ id: String(r._id), externalId: r.externalId, ltv: r.ltv, tier: r.tier }));
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

  /** The identity links of these hashes and the customers holding them (a person's customer record). */
  async findLinks(hashes: string[]): Promise<{ links: CustomerIdentityDoc[]; customers: StoredCustomer[] }> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return { links: [], customers: [] };
    const links = await this.identityCollection.find({ _id: { $in: unique } }).toArray();
    const linked = [...new Set(links.map((l) => l.customerId))].map((id) => new Types.ObjectId(id));
    const customers = await this.model
      .find({ $or: [{ _id: { $in: linked } }, { identityHashes: { $in: unique } }] })
      .lean<StoredCustomer[]>()
      .exec();
    return { links, customers: customers.map(normalise) };
  }

  /**
   * Unlinks identities from their customers (an erasure): the hashes leave the customers' lists, the
   * link documents and the known set, and at-risk reasons quoting the given items go. The customer
   * record (the CRM's figures) stays. Customers first and the known set last, so an interrupted
   * unlink is found again and finished by the next run.
   */
  async unlinkIdentities(hashes: string[], itemIds: string[], now: Date): Promise<number> {
    const { links, customers } = await this.findLinks(hashes);
    const gone = new Set(hashes);
    const items = new Set(itemIds);
    for (const c of customers) {
      const atRiskReasons = c.atRiskReasons.filter((r) => !items.has(r.itemId));
      await this.model.collection.updateOne(
        { _id: c._id },
        { $set: { identityHashes: c.identityHashes.filter((h) => !gone.has(h)), atRiskReasons, updatedAt: now } },
      );
    }
    if (links.length) await this.identityCollection.deleteMany({ _id: { $in: links.map((l) => l._id) } });
    if (gone.size) await this.index.redis.srem(this.knownKey, ...gone);
    return links.length;
  }
}
