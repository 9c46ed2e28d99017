/** The complaint triage queue: cases opened from complaints, ranked by an explained priority, worked through a status workflow. */
import type { Types } from 'mongoose';
import type { Config } from '../../../config/load-config.ts';
import type { Classification } from '../classification/classification.types.ts';
import type { StoredFeedbackItem } from '../feedback/feedback.repository.ts';
import type { CustomerRepository, StoredCustomer } from '../customers/customer.repository.ts';
import { SYSTEM_ACTOR, type CaseDoc, type CaseEvent, type CaseStatus } from './case.model.ts';
import type { CaseFilter, CaseRepository, StoredCase } from './case.repository.ts';
import type { Complaint, ComplaintHistoryRepository } from './complaint-history.repository.ts';
import { ACTIVE_STATUSES, patchChanges, type CasePatch } from './case-workflow.ts';
import { computePriority, type Priority } from './priority.ts';

export class CaseTransitionError extends Error {
  override name = 'CaseTransitionError';
}
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
}

/** Where the last page ended: scores are computed `asOf` one instant, so later pages rank consistently. */
export interface QueueCursor {
  asOf: number;
  score: number;
  publishedAt: number;
  id: string;
}

export interface RankedCase {
  doc: StoredCase;
  priority: Priority;
}

/** Score first (highest), then the older complaint, then id: a total order, so cursors never skip or repeat. */
function compareRanked(a: { score: number; publishedAt: number; id: string }, b: { score: number; publishedAt: number; id: string }): number {
  return b.score - a.score || a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class CaseService {
  constructor(
    private readonly repo: CaseRepository,
    private readonly customers: CustomerRepository,
    private readonly history: ComplaintHistoryRepository,
    private readonly config: Pick<Config, 'triage'>,
  ) {}

  /** Stored-items listener: every complaint opens a case (idempotent: keyed on the item id). */
  readonly onStoredItems = async (items: StoredFeedbackItem[], now = new Date()): Promise<void> => {
    // A cross-post of a text already stored (`duplicateOf`, set by ingest) is the same complaint: one case.
    const complaints = items.filter(
      (i) => i.classification.category === 'complaint' && i.classification.complaint && !(i as { duplicateOf?: string | null }).duplicateOf,
    );
    if (complaints.length === 0) return;
    const authors = complaints.map((i) => i.authorHash).filter((h): h is string => !!h);
    const byHash = await this.customers.findByIdentityHashes(authors);
    // Complaints in this batch count for each other too (a redelivered item is not its own repeat).
    const earlier = await this.history.recordAndCount(complaints.flatMap(authoredComplaint));
    await this.repo.openMany(
      complaints.map((item) => ({
        ...this.caseFor(item, item.classification, item.authorHash ? byHash.get(item.authorHash) : undefined, now),
        earlierComplaints: earlier.get(String(item._id)) ?? 0,
      })),
    );
  };

  private caseFor(item: StoredFeedbackItem, c: Classification, customer: StoredCustomer | undefined, now: Date, by = SYSTEM_ACTOR): CaseDoc {
    const complaint = c.complaint!;
    return {
      itemId: String(item._id),
      sourceId: item.sourceId,
      label: item.label,
      kind: item.kind,
      authorHash: item.authorHash,
      customerId: customer ? String(customer._id) : null,
      customerExternalId: customer?.externalId ?? null,
      tier: customer?.tier ?? 'unknown',
      atRisk: customer?.atRisk ?? false,
      intent: complaint.intent,
      blame: complaint.blame,
      education: complaint.blame === 'reflexive',
      aspects: c.aspects,
      reach: item.reach ?? 0,
      sentiment: c.sentiment.comparative,
      text: item.text.slice(0, 1000),
      status: 'open',
      assignee: null,
      notes: [],
      history: [{ at: now, by, action: 'opened', to: 'open' }],
      publishedAt: item.publishedAt,
      openedAt: now,
      acknowledgedAt: null,
      resolvedAt: null,
      dismissedAt: null,
      updatedAt: now,
    };
  }

  /** Scores every matching case at `now` and sorts them; the page is cut by the caller. */
  async rank(filter: CaseFilter, now: Date): Promise<RankedCase[]> {
    // The audit trail can grow long and the queue does not show it.
    const docs = await this.repo.findForQueue(filter);
    return (await this.rankDocs(docs, now)).sort((a, b) => compareRanked(key(a), key(b)));
  }

  /** One page of the queue, highest priority first. */
  async queue(filter: CaseFilter, limit: number, cursor?: QueueCursor): Promise<{ cases: RankedCase[]; next: QueueCursor | null; asOf: Date }> {
    const asOf = new Date(cursor?.asOf ?? Date.now());
    const all = await this.rank(filter, asOf);
    const ranked = filter.breached === undefined ? all : all.filter((r) => r.priority.sla.breached === filter.breached);
    const after = cursor ? ranked.filter((r) => compareRanked(key(r), cursor) > 0) : ranked;
    const page = after.slice(0, limit);
    const last = page[page.length - 1];
    return { cases: page, next: after.length > limit && last ? { asOf: asOf.getTime(), ...key(last) } : null, asOf };
  }

  async get(id: string, now = new Date()): Promise<RankedCase | null> {
    const doc = await this.repo.findById(id);
    if (!doc) return null;
    const [ranked] = await this.rankDocs([doc], now);
    return ranked ?? null;
  }

  /**
   * Repeats are counted when a case is ranked, from every complaint recorded so far by publication
   * time, so an earlier complaint that arrives later (or in a concurrent batch) raises the later
   * case's score. The count stored at opening is a floor: the Redis history keeps 180 days, so an
   * old case's window may have been trimmed since.
   */
  private async rankDocs(docs: StoredCase[], now: Date): Promise<RankedCase[]> {
    const live = await this.history.countEarlier(
      docs.flatMap((d) => (d.authorHash ? [{ itemId: d.itemId, authorHash: d.authorHash, publishedAt: d.publishedAt }] : [])),
    );
    return docs.map((doc) => {
      const earlier = Math.max(doc.earlierComplaints ?? 0, live.get(doc.itemId) ?? 0);
      return { doc, priority: computePriority(doc, this.config.triage.slaHours, now, earlier) };
    });
  }

  /**
   * Changes status, assignee and/or adds a note, recording each change in the audit trail.
   * Throws CaseTransitionError (→ 409) on a move the workflow does not allow, or when another
   * agent changed the status first.
   */
  async patch(id: string, patch: CasePatch, by: string, now = new Date()): Promise<RankedCase> {
    const current = await this.repo.findById(id);
    if (!current) throw new CaseNotFoundError(id);
    const changes = patchChanges(current, patch, by, now);
    if ('refused' in changes) throw new CaseTransitionError(changes.refused);
    const { set, events, notes } = changes;
    if (events.length === 0) return (await this.get(id, now))!;
    const updated = await this.repo.updateIf(current._id, current.status, set, events, notes);
    if (!updated) throw new CaseTransitionError(`the case changed while this request ran (it is no longer ${current.status}); reload it and retry`);
    const [ranked] = await this.rankDocs([updated], now);
    return ranked!;
  }

  /**
   * Replays work done in the past (the demo's history) on the active cases of these items: each
   * case's patches in order, at their own times, in memory, then one bulk write (replaceMany), so
   * hundreds of patches cost one write. Each step is a status move (with its assignee and note); a step
   * whose status the case already has, or has moved past, was done on an earlier run and is skipped
   * whole, note included, so replaying twice changes nothing. Returns the number of steps applied.
   */
  async replay(work: Array<{ itemId: string; steps: Array<CasePatch & { status: CaseStatus; by: string; at: Date }> }>): Promise<number> {
    const active = new Map((await this.repo.find({ status: [...ACTIVE_STATUSES] })).map((c) => [c.itemId, c]));
    const changed: StoredCase[] = [];
    let applied = 0;
    for (const { itemId, steps } of work) {
      let doc = active.get(itemId);
      if (!doc) continue;
      const before = doc;
      for (const { by, at, ...patch } of steps) {
        if (patch.status === doc.status) continue;
        const changes = patchChanges(doc, patch, by, at);
        if ('refused' in changes) continue;
        doc = { ...doc, ...changes.set, history: [...(doc.history ?? []), ...changes.events], notes: [...(doc.notes ?? []), ...changes.notes] };
        applied++;
      }
      if (doc !== before) changed.push(doc);
    }
    await this.repo.replaceMany(changed);
    return applied;
  }

  /**
   * Acknowledges non-instrumental (venting) cases in bulk: the given ids, or every open venting
   * case matching `filter`. Instrumental or non-open cases are skipped, each with its reason.
   */
  async acknowledgeVenting(
    target: { ids: string[] } | { filter: CaseFilter },
    by: string,
    note: string | undefined,
    now = new Date(),
  ): Promise<{ acknowledged: number; skipped: Array<{ id: string; reason: string }> }> {
    const skipped: Array<{ id: string; reason: string }> = [];
    let eligible: Types.ObjectId[];
    if ('ids' in target) {
      const found = new Map((await this.repo.findByIds(target.ids)).map((d) => [String(d._id), d]));
      eligible = [];
      for (const id of target.ids) {
        const doc = found.get(id);
        if (!doc) skipped.push({ id, reason: 'not found' });
        else if (doc.intent !== 'non-instrumental') skipped.push({ id, reason: 'instrumental: needs an individual response' });
        else if (doc.status !== 'open') skipped.push({ id, reason: `already ${doc.status}` });
        else eligible.push(doc._id);
      }
    } else {
      const docs = await this.repo.find({ ...target.filter, status: ['open'], intent: 'non-instrumental' }, { _id: 1 });
      eligible = docs.map((d) => d._id);
    }
    const event: CaseEvent = { at: now, by, action: 'status', from: 'open', to: 'acknowledged', text: note ? `bulk: ${note}` : 'bulk acknowledge (venting)' };
    const acknowledged = await this.repo.acknowledgeVenting(eligible, event, now);
    return { acknowledged, skipped };
  }

  /** Counts behind the queue: status, tier, intent, customer-education opportunities, SLA breaches. */
  async stats(now = new Date()) {
    const all = await this.repo.find({}, { history: 0, notes: 0, text: 0 });
    const count = <K extends string>(values: K[]) => values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});
    const active = all.filter((c) => ACTIVE_STATUSES.includes(c.status));
    const breached = active.filter((c) => computePriority(c, this.config.triage.slaHours, now, 0).sla.breached);
    const education = all.filter((c) => c.education);
    return {
      total: all.length,
      active: active.length,
      byStatus: count(all.map((c) => c.status)),
      activeByTier: count(active.map((c) => c.tier)),
      activeAtRisk: active.filter((c) => c.atRisk).length,
      activeByIntent: count(active.map((c) => c.intent)),
      slaBreached: { active: breached.length, byTier: count(breached.map((c) => c.tier)) },
      customerEducation: {
        total: education.length,
        active: education.filter((c) => ACTIVE_STATUSES.includes(c.status)).length,
        byAspect: count(education.flatMap((c) => (c.aspects.length ? c.aspects : ['(none)']))),
      },
    };
  }

  /** Customers listener: active cases follow their customer's tier and at-risk state. */
  readonly onCustomersChanged = async (customers: StoredCustomer[]): Promise<void> => {
    await this.repo.syncCustomers(
      customers.map((c) => ({
        hashes: c.identityHashes,
        set: { customerId: String(c._id), customerExternalId: c.externalId, tier: c.tier, atRisk: c.atRisk },
      })),
      new Date(),
    );
  };

  /**
   * A support lead corrected an item's labels: a new complaint opens a case, a changed complaint
   * type updates the case, and an item that is no longer a complaint dismisses its active case.
   */
  async onItemReclassified(item: StoredFeedbackItem, after: Classification, by: string, now = new Date()): Promise<void> {
    const existing = await this.repo.findByItemId(String(item._id));
    const isComplaint = after.category === 'complaint' && after.complaint !== null;
    if (!existing) {
      if (!isComplaint) return;
      const customer = item.authorHash ? (await this.customers.findByIdentityHashes([item.authorHash])).get(item.authorHash) : undefined;
      const earlier = await this.history.recordAndCount(authoredComplaint(item));
      const doc = { ...this.caseFor(item, after, customer, now, by), earlierComplaints: earlier.get(String(item._id)) ?? 0 };
      doc.history = [{ at: now, by, action: 'opened', to: 'open', text: 'opened by a classification correction' }];
      await this.repo.openMany([doc]);
      return;
    }
    const event: CaseEvent = { at: now, by, action: 'reclassified', text: isComplaint ? `${after.complaint!.intent}/${after.complaint!.blame}` : `now ${after.category}` };
    if (isComplaint) {
      const set: Partial<CaseDoc> = {
        intent: after.complaint!.intent,
        blame: after.complaint!.blame,
        education: after.complaint!.blame === 'reflexive',
        aspects: after.aspects,
        updatedAt: now,
      };
      await this.repo.updateIf(existing._id, existing.status, set, [event]);
    } else if (ACTIVE_STATUSES.includes(existing.status)) {
      await this.repo.updateIf(existing._id, existing.status, { status: 'dismissed', dismissedAt: now, updatedAt: now }, [
        event,
        { at: now, by, action: 'status', from: existing.status, to: 'dismissed', text: 'not a complaint after correction' },
      ]);
    }
  }
}

/** The item as a complaint in its author's history; none for an anonymous item (it can be nobody's repeat). */
function authoredComplaint(item: StoredFeedbackItem): Complaint[] {
  return item.authorHash ? [{ itemId: String(item._id), authorHash: item.authorHash, publishedAt: item.publishedAt }] : [];
}

function key(r: RankedCase): { score: number; publishedAt: number; id: string } {
  return { score: r.priority.score, publishedAt: r.doc.publishedAt.getTime(), id: String(r.doc._id) };
}

/** The API shape of a case; `history` only where asked (the single-case view). */
export function presentCase({ doc, priority }: RankedCase, withHistory = false) {
  return {
    id: String(doc._id),
    itemId: doc.itemId,
    status: doc.status,
    priority: priority.score,
    priorityReasons: priority.reasons,
    sla: { tier: priority.sla.tier, hours: priority.sla.hours, dueAt: priority.sla.dueAt, ageHours: priority.sla.ageHours, breached: priority.sla.breached },
    tier: doc.tier,
    atRisk: doc.atRisk,
    customer: doc.customerExternalId ? { externalId: doc.customerExternalId } : null,
    intent: doc.intent,
    blame: doc.blame,
    customerEducation: doc.education,
    aspects: doc.aspects,
    source: { id: doc.sourceId, label: doc.label, kind: doc.kind },
    reach: doc.reach,
    sentiment: doc.sentiment,
    text: doc.text,
    assignee: doc.assignee,
    notes: doc.notes,
    publishedAt: doc.publishedAt,
    openedAt: doc.openedAt,
    acknowledgedAt: doc.acknowledgedAt,
    resolvedAt: doc.resolvedAt,
    dismissedAt: doc.dismissedAt,
    ...(withHistory ? { history: doc.history } : {}),
  };
}
