/** Service recovery outcomes, decided from the author's feedback after the case was resolved. Pure. */
import type { Classification } from '../classification/classification.types.ts';

export type RecoveryOutcome = 'recovered' | 'not-recovered' | 'silent';

export interface LaterFeedback {
  publishedAt: Date;
  classification: Classification;
  rating?: number;
}

/** A dissatisfied level, a complaint or a rating of 2 or less: whatever else the item says, the customer is not happy. */
function isDissatisfied(c: Classification, rating?: number): boolean {
  return c.satisfaction === 'dissatisfied' || c.category === 'complaint' || (rating !== undefined && rating <= 2);
}

/**
 * The one definition of a satisfied item, used for recovery outcomes and for both groups of the
 * paradox check: satisfied or delighted, advocacy, or a rating of 4 or more — and not dissatisfied.
 * The `satisfaction` category alone is not enough: it includes dissatisfied experiences.
 */
export function isSatisfied(c: Classification, rating?: number): boolean {
  if (isDissatisfied(c, rating)) return false;
  return c.satisfaction === 'satisfied' || c.satisfaction === 'delighted' || c.category === 'advocacy' || c.advocacy || (rating ?? 0) >= 4;
}

/** Dissatisfied (see above) or negative sentiment: still unhappy. */
export function isUnhappy(c: Classification, rating?: number): boolean {
  return isDissatisfied(c, rating) || c.sentiment.label === 'negative';
}

/**
 * The latest later item that says something decides: recovered when it is satisfied, not recovered
 * when unhappy. No later item, or only neutral ones (a question, a fact), is `silent`.
 */
export function recoveryOutcome(later: LaterFeedback[]): { outcome: RecoveryOutcome; decidedBy: LaterFeedback | null } {
  const sorted = [...later].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  for (const f of sorted) {
    if (isSatisfied(f.classification, f.rating)) return { outcome: 'recovered', decidedBy: f };
    if (isUnhappy(f.classification, f.rating)) return { outcome: 'not-recovered', decidedBy: f };
  }
  return { outcome: 'silent', decidedBy: null };
}
