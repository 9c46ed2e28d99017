/**
 * A person's rights over what Earshot holds about them: find it (counts per collection), export it
 * (right of access) and erase it (right to erasure). Every call is written to the privacy audit log.
 *
 * Erasure runs in steps that are each idempotent, in an order where the stored items — from which
 * everything else is found — go last: a run killed between any two steps is finished by running it
 * again, and a run after a finished one finds nothing. The trend counters move through the
 * correction path's `moveItems`, keyed per item, so a repeated or resumed erasure moves them once.
 */
import type { Types } from 'mongoose';
import type { AlertRepository } from '../alerts/alert.repository.ts';
import type { DigestRepository } from '../digests/digest.repository.ts';
import { hourKey, isoWeekKey } from '../trends/buckets.ts';
import type { CaseRepository, StoredCase } from '../cases/case.repository.ts';
import type { ComplaintHistoryRepository } from '../cases/complaint-history.repository.ts';
import type { CorrectionRepository } from '../corrections/correction.repository.ts';
import type { CustomerRepository } from '../customers/customer.repository.ts';
import type { DefectionSignalDoc, DefectionSignalRepository } from '../customers/defection-signal.repository.ts';
import type { FeedbackRepository, StoredFeedbackItem } from '../feedback/feedback.repository.ts';
import type { SampleEraser } from '../trends/sample-eraser.ts';
import type { TrendCounterRepository } from '../trends/trend-counter.repository.ts';
import type { PrivacyAuditRepository } from './privacy-audit.repository.ts';
import type { Subject } from './subject.ts';

export interface SubjectRightsDeps {
  items: FeedbackRepository;
  cases: CaseRepository;
  signals: DefectionSignalRepository;
  customers: CustomerRepository;
  corrections: CorrectionRepository;
  history: ComplaintHistoryRepository;
  counters: TrendCounterRepository;
  samples: SampleEraser;
  alerts: AlertRepository;
  digests: DigestRepository;
  audit: PrivacyAuditRepository;
}

export interface SubjectCounts {
  items: number;
  cases: number;
  customerLinks: number;
  defectionSignals: number;
  corrections: number;
}

interface Holdings {
  items: StoredFeedbackItem[];
  cases: StoredCase[];
  signals: DefectionSignalDoc[];
  links: number;
  corrections: number;
}

export class SubjectRightsService {
  constructor(private readonly deps: SubjectRightsDeps) {}

  /** What Earshot holds for the subject, counted per collection. */
  async find(subject: Subject, by: string, now = new Date()): Promise<SubjectCounts> {
    const counts = countsOf(await this.holdings(subject));
    await this.audit('find', subject, by, now, { ...counts });
    return counts;
  }

  /** The subject's items and cases, as stored (texts are the redacted ones). */
  async export(subject: Subject, by: string, now = new Date()): Promise<{ items: Array<Record<string, unknown>>; cases: Array<Record<string, unknown>> }> {
    const { items, cases } = await this.holdings(subject);
    await this.audit('export', subject, by, now, { items: items.length, cases: cases.length });
    return { items: items.map(exportedItem), cases: cases.map(exportedCase) };
  }

  /** Erases everything found for the subject; returns the counts of the erasure record. */
  async erase(subject: Subject, by: string, now = new Date()): Promise<SubjectCounts & { samples: number }> {
    const { items, cases, signals, links, corrections } = await this.holdings(subject);
    const { counters, samples, history } = this.deps;
    const itemIds = items.map((i) => String(i._id));

    // Out of the counters first (once per item, however often this runs), while the items still say what to take out.
    for (const item of items) {
      if (item.duplicateOf) continue;
      await counters.moveItems([item], [], { opKey: `erase|${String(item._id)}|${item.insertedBy ?? ''}`, terms: true });
    }
    await this.promoteSurvivingCopies(items);
    await counters.flush();
    const samplesRemoved = (await samples.forget(items)) + (await this.forgetQuotes(items));

    await this.deps.items.releaseFingerprints(items);
    // The complaint history is built from cases, so the cases say what to forget.
    await history.forget(cases.flatMap((c) => (c.authorHash ? [{ itemId: c.itemId, authorHash: c.authorHash }] : [])));
    if (!subject.sourceId) await this.deps.customers.unlinkIdentities(subject.hashes, itemIds, now);
    await this.deps.corrections.deleteForItems(itemIds);
    await this.deps.signals.deleteByIds(signals.map((s) => s._id));
    await this.deps.cases.deleteByIds(cases.map((c) => c._id));
    await this.deps.items.deleteItems(items);

    const counts = { items: items.length, cases: cases.length, customerLinks: subject.sourceId ? 0 : links, defectionSignals: signals.length, corrections, samples: samplesRemoved };
    await this.audit('erase', subject, by, now, counts);
    return counts;
  }

  /** Alerts and stored digests quote sample items: the erased ones go. Digest weeks are in a time zone, so the UTC week's neighbours are looked at too. */
  private async forgetQuotes(items: StoredFeedbackItem[]): Promise<number> {
    const DAY = 86_400_000;
    const weeks = items.flatMap((i) => [-DAY, 0, DAY].map((d) => isoWeekKey(new Date(i.publishedAt.getTime() + d))));
    const quoted = items.map((i) => ({ text: i.text, publishedAt: i.publishedAt.toISOString() }));
    const fromAlerts = await this.deps.alerts.forgetSamples(items.map((i) => ({ id: String(i._id), hour: hourKey(i.publishedAt) })));
    return fromAlerts + (await this.deps.digests.forgetQuotes(weeks, quoted));
  }

  /**
   * Another author's cross-post of an erased original was stored as a duplicate and never counted:
   * the oldest one becomes the original, enters the counters and the others point at it, so the
   * counters keep equal to what is stored.
   */
  private async promoteSurvivingCopies(erased: StoredFeedbackItem[]): Promise<void> {
    const gone = new Set(erased.map((i) => String(i._id)));
    const copies = (await this.deps.items.findDuplicatesOf(erased.filter((i) => !i.duplicateOf).map((i) => String(i._id)))).filter((c) => !gone.has(String(c._id)));
    const byOriginal = new Map<string, StoredFeedbackItem[]>();
    for (const c of copies) byOriginal.set(c.duplicateOf!, [...(byOriginal.get(c.duplicateOf!) ?? []), c]);
    for (const group of byOriginal.values()) {
      group.sort((a, b) => a.ingestedAt.getTime() - b.ingestedAt.getTime() || (String(a._id) < String(b._id) ? -1 : 1));
      const [first, ...rest] = group as [StoredFeedbackItem, ...StoredFeedbackItem[]];
      await this.deps.counters.moveItems([], [first], { opKey: `promote|${String(first._id)}`, terms: true });
      await this.deps.items.promoteToOriginal(first._id, rest.map((r) => r._id as Types.ObjectId));
    }
  }

  private async holdings(subject: Subject): Promise<Holdings> {
    const { items: itemRepo, cases: caseRepo, signals: signalRepo, customers, corrections } = this.deps;
    const scoped = subject.sourceId;
    const items = await itemRepo.findByAuthors(subject.hashes, scoped);
    const itemIds = items.map((i) => String(i._id));
    // Unscoped, cases and signals are found by author too (one whose item is already gone is still theirs).
    const cases = (await caseRepo.findByAuthorsOrItems(scoped ? [] : subject.hashes, itemIds)).filter((c) => !scoped || c.sourceId === scoped);
    const signals = await signalRepo.findByAuthorsOrItems(scoped ? [] : subject.hashes, itemIds);
    const links = scoped ? 0 : (await customers.findLinks(subject.hashes)).links.length;
    return { items, cases, signals, links, corrections: await corrections.countForItems(itemIds) };
  }

  private async audit(action: 'find' | 'export' | 'erase', subject: Subject, by: string, at: Date, counts: Record<string, number>): Promise<void> {
    await this.deps.audit.record({ action, by, at, sourceId: subject.sourceId ?? null, subjects: subject.identifiers, counts });
  }
}

function countsOf(h: Holdings): SubjectCounts {
  return { items: h.items.length, cases: h.cases.length, customerLinks: h.links, defectionSignals: h.signals.length, corrections: h.corrections };
}

function exportedItem(i: StoredFeedbackItem): Record<string, unknown> {
  return {
    id: String(i._id),
    sourceId: i.sourceId,
    label: i.label,
    kind: i.kind,
    externalId: i.externalId,
    url: i.url ?? null,
    text: i.text,
    rating: i.rating ?? null,
    nps: i.nps ?? null,
    language: i.language,
    publishedAt: i.publishedAt,
    ingestedAt: i.ingestedAt,
    classification: i.classification,
    meta: i.meta ?? {},
  };
}

function exportedCase(c: StoredCase): Record<string, unknown> {
  return {
    id: String(c._id),
    itemId: c.itemId,
    sourceId: c.sourceId,
    status: c.status,
    text: c.text,
    tier: c.tier,
    intent: c.intent,
    blame: c.blame,
    notes: c.notes,
    history: c.history,
    openedAt: c.openedAt,
    resolvedAt: c.resolvedAt,
  };
}
