/**
 * Retention: items older than their kind's retention period go, with what hangs on them (closed
 * cases, defection signals, logged corrections, Redis lookups). The trend counters are aggregates,
 * not personal data, and keep their history: past trends and digests read the same after a purge.
 * An item whose case is still open or acknowledged stays until the case is closed.
 */
import type { Types } from 'mongoose';
import type { RetentionKind } from '../../../config/load-config.ts';
import type { CaseRepository } from '../cases/case.repository.ts';
import type { ComplaintHistoryRepository } from '../cases/complaint-history.repository.ts';
import type { CorrectionRepository } from '../corrections/correction.repository.ts';
import type { DefectionSignalRepository } from '../customers/defection-signal.repository.ts';
import type { FeedbackRepository } from '../feedback/feedback.repository.ts';
import type { PrivacyAuditRepository } from './privacy-audit.repository.ts';

export interface RetentionDeps {
  items: FeedbackRepository;
  cases: CaseRepository;
  signals: DefectionSignalRepository;
  corrections: CorrectionRepository;
  history: ComplaintHistoryRepository;
  audit: PrivacyAuditRepository;
}

export interface PurgeOutcome {
  items: number;
  cases: number;
  /** Old items kept because their case is still being worked. */
  keptForOpenCases: number;
}

const DAY_MS = 86_400_000;
const PAGE = 500;

export class RetentionService {
  constructor(
    private readonly deps: RetentionDeps,
    private readonly retentionDays: Partial<Record<RetentionKind, number>>,
  ) {}

  /** Purges every kind that has a retention period; idempotent (a second run finds nothing). */
  async purge(now = new Date()): Promise<Record<string, PurgeOutcome>> {
    const out: Record<string, PurgeOutcome> = {};
    for (const [kind, days] of Object.entries(this.retentionDays) as Array<[RetentionKind, number]>) {
      out[kind] = await this.purgeKind(kind, new Date(now.getTime() - days * DAY_MS));
    }
    if (Object.keys(out).length) {
      const counts: Record<string, number> = {};
      for (const [kind, o] of Object.entries(out)) Object.assign(counts, { [`${kind}Items`]: o.items, [`${kind}Cases`]: o.cases, [`${kind}KeptForOpenCases`]: o.keptForOpenCases });
      await this.deps.audit.record({ action: 'retention', by: 'system', at: now, sourceId: null, subjects: 0, counts });
    }
    return out;
  }

  private async purgeKind(kind: RetentionKind, before: Date): Promise<PurgeOutcome> {
    const { items: itemRepo, cases: caseRepo, signals, corrections, history } = this.deps;
    const outcome: PurgeOutcome = { items: 0, cases: 0, keptForOpenCases: 0 };
    const kept: Types.ObjectId[] = [];
    for (;;) {
      const page = await itemRepo.findPublishedBefore(kind, before, PAGE, kept);
      if (page.length === 0) return outcome;
      const cases = await caseRepo.findByAuthorsOrItems([], page.map((i) => String(i._id)));
      const open = new Set(cases.filter((c) => c.status === 'open' || c.status === 'acknowledged').map((c) => c.itemId));
      const items = page.filter((i) => !open.has(String(i._id)));
      kept.push(...page.filter((i) => open.has(String(i._id))).map((i) => i._id));
      const closed = cases.filter((c) => !open.has(c.itemId));
      const ids = items.map((i) => String(i._id));
      // Lookups and dependants first, the items last: an interrupted purge is finished by the next run.
      await itemRepo.releaseFingerprints(items);
      await history.forget(items.flatMap((i) => (i.authorHash ? [{ itemId: String(i._id), authorHash: i.authorHash }] : [])));
      await corrections.deleteForItems(ids);
      await signals.deleteByIds((await signals.findByAuthorsOrItems([], ids)).map((s) => s._id));
      outcome.cases += await caseRepo.deleteByIds(closed.map((c) => c._id));
      outcome.items += await itemRepo.deleteItems(items);
      outcome.keptForOpenCases += page.length - items.length;
    }
  }
}
