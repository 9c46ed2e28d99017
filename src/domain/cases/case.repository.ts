import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Types, type Connection, type Model } from 'mongoose';
import { JournaledReplace } from '../../infra/journaled-replace.ts';
import { insertNewDocuments } from '../../infra/mongo.ts';
import { ActiveCasesMirror } from './active-cases.mirror.ts';
import type { Complaint } from './complaint-history.repository.ts';
import { caseModel, SYSTEM_ACTOR, type CaseDoc, type CaseEvent, type CaseNote, type CaseStatus } from './case.model.ts';
import { ACTIVE_STATUSES } from './case-workflow.ts';

export type StoredCase = CaseDoc & { _id: Types.ObjectId };

/** A case's id is derived from its item's id: one case per complaint, however often the item arrives. */
export function caseIdFor(itemId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(`case\u0000${itemId}`).digest().subarray(0, 12));
}

/** Above this many changed cases, syncCustomers rewrites documents instead of updating each one. */
const IN_PLACE_UPDATES = 20;

/** Equality filters only: they are what FerretDB pushes down to SQLite. */
export interface CaseFilter {
  status?: CaseStatus[];
  intent?: CaseDoc['intent'];
  blame?: CaseDoc['blame'];
  tier?: CaseDoc['tier'];
  atRisk?: boolean;
  aspect?: string;
  assignee?: string;
  sourceId?: string;
  education?: boolean;
  /** The customer's cases (their history beside a case). */
  customer?: string;
  /** Past their SLA at the queue's `asOf`: decided when ranking, not stored. */
  breached?: boolean;
}

function toQuery(f: CaseFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (f.status?.length === 1) q.status = f.status[0];
  else if (f.status?.length) q.status = { $in: f.status };
  if (f.intent) q.intent = f.intent;
  if (f.blame) q.blame = f.blame;
  if (f.tier) q.tier = f.tier;
  if (f.atRisk !== undefined) q.atRisk = f.atRisk;
  if (f.aspect) q.aspects = f.aspect;
  if (f.assignee) q.assignee = f.assignee;
  if (f.customer) q.customerExternalId = f.customer;
  if (f.sourceId) q.sourceId = f.sourceId;
  if (f.education !== undefined) q.education = f.education;
  return q;
}

/** toQuery's filter applied to a case in memory (the active cases read from the Redis copy): keep the two alike. */
function matches(c: StoredCase, f: CaseFilter): boolean {
  return (
    (!f.status?.length || f.status.includes(c.status)) &&
    (!f.intent || c.intent === f.intent) &&
    (!f.blame || c.blame === f.blame) &&
    (!f.tier || c.tier === f.tier) &&
    (f.atRisk === undefined || c.atRisk === f.atRisk) &&
    (!f.aspect || c.aspects.includes(f.aspect as never)) &&
    (!f.assignee || c.assignee === f.assignee) &&
    (!f.customer || c.customerExternalId === f.customer) &&
    (!f.sourceId || c.sourceId === f.sourceId) &&
    (f.education === undefined || c.education === f.education)
  );
}

const isActive = (status: CaseStatus | undefined) => status !== undefined && ACTIVE_STATUSES.includes(status);

/**
 * Values a case opens with that are not stored: normalise() puts them back on read. FerretDB's
 * write cost is per field (~3 µs a field, measured: 10 fields 0.03 ms, 60 fields 0.19 ms per
 * document), and a new case holds a dozen nulls, zeros and empty lists. None is ever matched by
 * a query at its default value (tier, atRisk and education are, so they are always stored).
 */
const OPENING_DEFAULTS = {
  customerId: null,
  customerExternalId: null,
  authorHash: null,
  assignee: null,
  reach: 0,
  earlierComplaints: 0,
  acknowledgedAt: null,
  resolvedAt: null,
  dismissedAt: null,
} as const satisfies Partial<CaseDoc>;

/** The audit trail's first event when the system opened the case: stored only if it differs. */
function systemOpening(openedAt: Date): CaseEvent {
  return { at: openedAt, by: SYSTEM_ACTOR, action: 'opened', to: 'open' };
}

function isSystemOpening(e: CaseEvent | undefined, openedAt: Date): boolean {
  return !!e && e.action === 'opened' && e.by === SYSTEM_ACTOR && e.to === 'open' && e.text === undefined && e.at.getTime() === openedAt.getTime();
}

/** Whether a new case's field holds a value normalise() restores, so it need not be stored. */
function restoredOnRead(doc: CaseDoc, field: keyof CaseDoc): boolean {
  switch (field) {
    case 'notes':
      return doc.notes.length === 0;
    case 'history':
      return doc.history.length === 1 && isSystemOpening(doc.history[0], doc.openedAt);
    case 'updatedAt':
      return doc.updatedAt.getTime() === doc.openedAt.getTime();
    default:
      return field in OPENING_DEFAULTS && OPENING_DEFAULTS[field as keyof typeof OPENING_DEFAULTS] === doc[field];
  }
}

/** A new case as stored: without the values normalise() restores. */
function storedShape(doc: CaseDoc): Partial<CaseDoc> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(doc) as Array<keyof CaseDoc>) if (!restoredOnRead(doc, field)) out[field] = doc[field];
  return out;
}

/**
 * Fills what storedShape() left out (and what FerretDB 1.24 drops when `$setOnInsert` writes
 * nulls or empty arrays). Cases read without their history (`{history: 0}`) get the opening event.
 */
function normalise(c: StoredCase): StoredCase {
  const history = c.history ?? [];
  const filled: StoredCase = { ...c, atRisk: c.atRisk ?? false, aspects: c.aspects ?? [], notes: c.notes ?? [], updatedAt: c.updatedAt ?? c.openedAt };
  for (const [field, value] of Object.entries(OPENING_DEFAULTS)) (filled as unknown as Record<string, unknown>)[field] ??= value;
  filled.history = history[0]?.action === 'opened' ? history : [systemOpening(c.openedAt), ...history];
  return filled;
}

export class CaseRepository {
  private readonly model: Model<CaseDoc>;
  private readonly rewrites: JournaledReplace<StoredCase>;
  /** The active cases in Redis, for the triage queue (active-cases.mirror.ts): told about every write below. */
  private readonly active: ActiveCasesMirror;

  constructor(connection: Connection, copy: { redis: Redis; prefix: string }) {
    this.model = caseModel(connection);
    this.active = new ActiveCasesMirror(copy.redis, copy.prefix, async () =>
      (await this.model.find({ status: { $in: [...ACTIVE_STATUSES] } }, { history: 0 }).lean<StoredCase[]>().exec()).map(normalise),
    );
    // Rewritten cases reach the copy once they are in the store, also when a later process redoes the write.
    this.rewrites = new JournaledReplace(this.model.collection as never, connection.collection('cases_journal') as never, (docs) => this.active.put(docs));
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Finishes bulk rewrites a crashed process committed but did not complete (start-up; idempotent). */
  async recoverWrites(): Promise<void> {
    await this.rewrites.recover();
  }

  /**
   * Opens cases with one insertMany. The `_id` is derived from the item id, so a redelivered
   * complaint hits a duplicate key and opens nothing new. Upserts keyed on itemId
   * would be per-document updates, which FerretDB 1.24 runs as a scan each (measured: a 500-item
   * batch took 100 s against a few thousand cases).
   */
  async openMany(docs: CaseDoc[]): Promise<number> {
    const stored = docs.map((doc) => ({ ...doc, _id: caseIdFor(doc.itemId) }));
    const existing = await insertNewDocuments(this.model.collection, stored.map(({ _id, ...doc }) => ({ _id, ...storedShape(doc) })));
    await this.active.put(stored.filter((_d, i) => !existing.has(i)), { inserted: true });
    // Already stored (a redelivered batch): the copy may have missed them if the first attempt died after its insert.
    if (existing.size) await this.active.put(await this.findByIds([...existing].map((i) => String(stored[i]!._id))));
    return docs.length - existing.size;
  }

  async find(filter: CaseFilter, fields?: Record<string, 0 | 1>): Promise<StoredCase[]> {
    return (await this.model.find(toQuery(filter), fields).lean<StoredCase[]>().exec()).map(normalise);
  }

  /**
   * The cases the queue ranks, without audit trails: from the Redis copy when every status asked
   * for is active (one HGETALL instead of a scan of the collection), otherwise from the store.
   */
  async findForQueue(filter: CaseFilter): Promise<StoredCase[]> {
    if (!filter.status?.length || !filter.status.every(isActive)) return this.find(filter, { history: 0 });
    return (await this.active.read()).map((c) => normalise(c as StoredCase)).filter((c) => matches(c, filter));
  }

  /** Reloads the copy of the active cases from the store (worker start; idempotent). */
  async rebuildActiveCopy(): Promise<void> {
    await this.active.rebuild();
  }

  async findByIds(ids: string[]): Promise<StoredCase[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    if (valid.length === 0) return [];
    return (await this.model.find({ _id: { $in: valid } }, { history: 0 }).lean<StoredCase[]>().exec()).map(normalise);
  }

  async findById(id: string): Promise<StoredCase | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const c = await this.model.findById(id).lean<StoredCase>().exec();
    return c ? normalise(c) : null;
  }

  async findByItemId(itemId: string): Promise<StoredCase | null> {
    const c = await this.model.findOne({ _id: caseIdFor(itemId) }).lean<StoredCase>().exec();
    return c ? normalise(c) : null;
  }

  /** Every case with an author published since `from`: the complaint history to rebuild the repeat counts from. */
  async complaintsSince(from: Date): Promise<Complaint[]> {
    const rows = await this.model
      .find({ publishedAt: { $gte: from } }, { itemId: 1, authorHash: 1, publishedAt: 1 })
      .lean<Array<{ itemId: string; authorHash?: string | null; publishedAt: Date }>>()
      .exec();
    // Filtered here: FerretDB may have dropped a null authorHash altogether (see normalise).
    return rows.flatMap((r) => (r.authorHash ? [{ itemId: r.itemId, authorHash: r.authorHash, publishedAt: r.publishedAt }] : []));
  }

  /**
   * Applies `set` and appends `events` only if the case is still in `expected` status, so two
   * agents racing on one case cannot both move it. Returns the case as stored after the write
   * (read back, so the copy of the active cases gets the store's version), or null when the status
   * had changed.
   */
  async updateIf(id: Types.ObjectId, expected: CaseStatus, set: Partial<CaseDoc>, events: CaseEvent[], notes: CaseNote[] = []): Promise<StoredCase | null> {
    const update: Record<string, unknown> = { $set: set, $inc: { rev: 1 } };
    const push: Record<string, unknown> = {};
    if (events.length) push.history = { $each: events };
    if (notes.length) push.notes = { $each: notes };
    if (Object.keys(push).length) update.$push = push;
    const ids = [String(id)];
    const token = set.status !== undefined && !isActive(set.status) ? await this.active.hide(ids) : null;
    try {
      const result = await this.model.collection.updateOne({ _id: id, status: expected }, update);
      if (result.matchedCount !== 1) return null;
      const after = await this.findById(String(id));
      await this.active.put(after ? [after] : [], { token });
      return after;
    } finally {
      await this.active.release(ids, token);
    }
  }

  /** Moves the given open non-instrumental cases to acknowledged; returns the ids it moved. */
  async acknowledgeVenting(ids: Types.ObjectId[], event: CaseEvent, at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.model.collection.updateMany(
      { _id: { $in: ids }, status: 'open', intent: 'non-instrumental' },
      { $set: { status: 'acknowledged', acknowledgedAt: at, updatedAt: at }, $push: { history: event }, $inc: { rev: 1 } } as Record<string, unknown>,
    );
    if (result.modifiedCount) await this.active.put(await this.findByIds(ids.map(String)));
    return result.modifiedCount;
  }

  /**
   * Points active cases of these authors at their customer's current tier and at-risk state. One
   * read of the active cases, then writes only for cases that change. FerretDB 1.24 scans the
   * collection on every per-document update, so a few changes are updated in place and many (a
   * first import onto a backlog) are rewritten whole (delete, then insert), audit trail included,
   * journaled so a crash in between loses none (journaled-replace.ts).
   */
  async syncCustomers(updates: Array<{ hashes: string[]; set: Pick<CaseDoc, 'customerId' | 'customerExternalId' | 'tier' | 'atRisk'> }>, at: Date): Promise<number> {
    const byHash = new Map<string, (typeof updates)[number]['set']>();
    for (const u of updates) for (const h of u.hashes) byHash.set(h, u.set);
    if (byHash.size === 0) return 0;
    const active = await this.model.find({ status: { $in: ['open', 'acknowledged'] } }).lean<StoredCase[]>().exec();
    const changed: StoredCase[] = [];
    for (const c of active) {
      const set = c.authorHash ? byHash.get(c.authorHash) : undefined;
      if (!set) continue;
      const same = (c.customerId ?? null) === set.customerId && (c.customerExternalId ?? null) === set.customerExternalId && c.tier === set.tier && (c.atRisk ?? false) === set.atRisk;
      if (!same) changed.push({ ...c, ...set, updatedAt: at, rev: (c.rev ?? 0) + 1 });
    }
    if (changed.length === 0) return 0;
    if (changed.length <= IN_PLACE_UPDATES) {
      const fields = (c: StoredCase) => ({ customerId: c.customerId, customerExternalId: c.customerExternalId, tier: c.tier, atRisk: c.atRisk, updatedAt: at });
      await this.model.collection.bulkWrite(
        changed.map((c) => ({ updateOne: { filter: { _id: c._id }, update: { $set: fields(c), $inc: { rev: 1 } } } })),
        { ordered: false },
      );
      await this.active.put(await this.findByIds(changed.map((c) => String(c._id))));
    } else {
      await this.rewrites.replace(changed.map((c) => c._id), changed);
    }
    return changed.length;
  }

  /**
   * Writes whole cases back, audit trail included: a journaled delete + insert (journaled-replace.ts),
   * because FerretDB 1.24 scans the collection on every per-document update (measured ~0.35 s each
   * on a loaded machine: hundreds of one-by-one updates took minutes).
   */
  async replaceMany(cases: StoredCase[]): Promise<void> {
    if (cases.length === 0) return;
    const closing = cases.filter((c) => !isActive(c.status)).map((c) => String(c._id));
    const token = await this.active.hide(closing);
    try {
      await this.rewrites.replace(
        cases.map((c) => c._id),
        cases.map((c) => ({ ...c, rev: (c.rev ?? 0) + 1 })),
      );
    } finally {
      await this.active.release(closing, token);
    }
  }

  /** Resolved cases whose resolution falls in [from, to) (a range scan; resolved cases are few). */
  async findResolved(from: Date, to: Date): Promise<StoredCase[]> {
    return (await this.model.find({ status: 'resolved', resolvedAt: { $gte: from, $lt: to } }).lean<StoredCase[]>().exec()).map(normalise);
  }

  async distinctAuthors(): Promise<string[]> {
    const rows = (await this.model.distinct('authorHash')) as Array<string | null>;
    return rows.filter((h): h is string => typeof h === 'string');
  }

  /** Cases of these authors, or opened for these items (an erasure finds both). */
  async findByAuthorsOrItems(hashes: string[], itemIds: string[]): Promise<StoredCase[]> {
    const or: Array<Record<string, unknown>> = [];
    if (hashes.length) or.push({ authorHash: { $in: [...new Set(hashes)] } });
    if (itemIds.length) or.push({ _id: { $in: itemIds.map(caseIdFor) } });
    if (or.length === 0) return [];
    return (await this.model.find({ $or: or }).lean<StoredCase[]>().exec()).map(normalise);
  }

  async deleteByIds(ids: Types.ObjectId[]): Promise<number> {
    if (ids.length === 0) return 0;
    const keys = ids.map(String);
    const token = await this.active.hide(keys);
    try {
      const deleted = (await this.model.collection.deleteMany({ _id: { $in: ids } })).deletedCount;
      await this.active.remove(keys, token);
      return deleted;
    } finally {
      await this.active.release(keys, token);
    }
  }
}
