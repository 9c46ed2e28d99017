/**
 * `GET /v1/recovery`: for cases resolved in a window, did the customer come back happy? Plus the
 * recovery paradox check — are recovered complainants more satisfied than customers who never complained?
 */
import type { CaseRepository, StoredCase } from '../cases/case.repository.ts';
import { enumerateDays } from '../trends/buckets.ts';
import type { AuthorItem, RecoveryRepository } from './recovery.repository.ts';
import { isSatisfied, recoveryOutcome, type RecoveryOutcome } from './recovery-outcome.ts';
import { groupBy } from '../group-by.ts';

/** Fewer authors than this in either group and the paradox check says "not enough data". */
export const PARADOX_MIN_AUTHORS = 5;

const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const HOUR = 3_600_000;

function distribution(hours: number[]) {
  if (hours.length === 0) return { count: 0, meanHours: null, medianHours: null, p90Hours: null };
  const s = [...hours].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { count: s.length, meanHours: r3(s.reduce((a, b) => a + b, 0) / s.length), medianHours: r3(median), p90Hours: r3(at(0.9)) };
}

/** Satisfaction of a group of authors over their items: the share of satisfied items (`isSatisfied`), mean rating, mean sentiment. */
function satisfaction(items: AuthorItem[]) {
  const authors = new Set(items.map((i) => i.authorHash)).size;
  const satisfied = items.filter((i) => isSatisfied(i.classification, i.rating)).length;
  const rated = items.filter((i) => typeof i.rating === 'number');
  return {
    authors,
    items: items.length,
    satisfiedItems: satisfied,
    satisfiedShare: items.length ? r3(satisfied / items.length) : null,
    meanRating: rated.length ? r3(rated.reduce((s, i) => s + i.rating!, 0) / rated.length) : null,
    ratedItems: rated.length,
    meanSentiment: items.length ? r3(items.reduce((s, i) => s + i.classification.sentiment.comparative, 0) / items.length) : null,
  };
}

export interface RecoveryCaseOutcome {
  caseId: string;
  /** Whose case: the complaint item, its brand label, the author's hash and the matched customer (null when none). */
  itemId: string;
  label: string;
  authorHash: string | null;
  customerExternalId: string | null;
  outcome: RecoveryOutcome | 'untraceable';
  resolvedAt: Date;
  decidedByItemId: string | null;
}

export class RecoveryService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly repo: RecoveryRepository,
  ) {}

  async outcomes(resolved: StoredCase[]): Promise<{ outcomes: RecoveryCaseOutcome[]; laterByCase: Map<string, AuthorItem[]> }> {
    const items = await this.repo.itemsByAuthors(resolved.map((c) => c.authorHash).filter((h): h is string => !!h));
    const byAuthor = groupBy(items, (i) => i.authorHash);
    const laterByCase = new Map<string, AuthorItem[]>();
    const outcomes = resolved.map((c): RecoveryCaseOutcome => {
      const resolvedAt = c.resolvedAt!;
      const whose = { caseId: String(c._id), itemId: c.itemId, label: c.label, authorHash: c.authorHash, customerExternalId: c.customerExternalId };
      if (!c.authorHash) return { ...whose, outcome: 'untraceable', resolvedAt, decidedByItemId: null };
      const later = (byAuthor.get(c.authorHash) ?? []).filter((i) => i.publishedAt > resolvedAt && String(i._id) !== c.itemId);
      laterByCase.set(String(c._id), later);
      const { outcome, decidedBy } = recoveryOutcome(later);
      return { ...whose, outcome, resolvedAt, decidedByItemId: decidedBy ? String((decidedBy as AuthorItem)._id) : null };
    });
    return { outcomes, laterByCase };
  }

  async report(from: Date, to: Date) {
    const resolved = await this.cases.findResolved(from, to);
    const { outcomes, laterByCase } = await this.outcomes(resolved);
    const n = (o: RecoveryCaseOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
    const recovered = n('recovered');
    const notRecovered = n('not-recovered');
    const silent = n('silent');
    const traceable = recovered + notRecovered + silent;

    // The paradox check: both groups measured the same way, on their items published in [from, to),
    // with one definition of satisfied. Recovered complainants count only what they wrote after resolution.
    const inWindow = (i: AuthorItem) => i.publishedAt >= from && i.publishedAt < to;
    const recoveredCases = new Set(outcomes.filter((o) => o.outcome === 'recovered').map((o) => o.caseId));
    const recoveredItems = new Map<string, AuthorItem>();
    for (const [caseId, items] of laterByCase) if (recoveredCases.has(caseId)) for (const i of items.filter(inWindow)) recoveredItems.set(String(i._id), i);
    const complainants = new Set(await this.cases.distinctAuthors());
    const windowItems = await this.repo.itemsOnDays(enumerateDays(from, to));
    const neverComplained = windowItems.filter((i) => !complainants.has(i.authorHash) && inWindow(i));
    const rec = satisfaction([...recoveredItems.values()]);
    const never = satisfaction(neverComplained);
    const enough = rec.authors >= PARADOX_MIN_AUTHORS && never.authors >= PARADOX_MIN_AUTHORS;
    const difference = rec.items && never.items ? r3(rec.satisfiedItems / rec.items - never.satisfiedItems / never.items) : null;

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      resolvedCases: resolved.length,
      outcomes: { recovered, notRecovered, silent, untraceable: n('untraceable') },
      recoveryRate: traceable ? r3(recovered / traceable) : null,
      recoveryRateAmongResponders: recovered + notRecovered ? r3(recovered / (recovered + notRecovered)) : null,
      timeToResolution: distribution(resolved.map((c) => (c.resolvedAt!.getTime() - c.publishedAt.getTime()) / HOUR)),
      timeToFirstResponse: distribution(resolved.filter((c) => c.acknowledgedAt).map((c) => (c.acknowledgedAt!.getTime() - c.publishedAt.getTime()) / HOUR)),
      paradox: {
        recoveredComplainants: rec,
        neverComplained: never,
        satisfiedShareDifference: difference,
        holds: enough && difference !== null ? difference > 0 : null,
        window: { from: from.toISOString(), to: to.toISOString() },
        satisfiedMeans: 'satisfied or delighted, advocacy, or a rating of 4 or more; never a dissatisfied level, a complaint or a rating of 2 or less',
        note: enough
          ? 'holds = recovered complainants have a higher share of satisfied items after resolution than authors who never complained, both counted on items published in the window'
          : `not enough data: each group needs at least ${PARADOX_MIN_AUTHORS} authors`,
      },
      cases: outcomes,
    };
  }
}
