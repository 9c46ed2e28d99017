/** Service recovery outcomes, decided from the author's feedback after the case was resolved. Pure. */
import type { Classification } from '../classification/classification.types.ts';

export type RecoveryOutcome = 'recovered' | 'not-recovered' | 'silent';

export interface LaterFeedback {
  publishedAt: Date;
  classification: Classification;
  rating?: number;
}

/** Satisfied, delighted, advocating or praising: the customer is happy. */
export function isPositive(c: Classification, rating?: number): boolean {
  return c.category === 'satisfaction' || c.category === 'advocacy' || c.advocacy || c.satisfaction === 'satisfied' || c.satisfaction === 'delighted' || (rating ?? 0) >= 4;
}

/** Complaining, dissatisfied or negative: still unhappy. */
export function isNegative(c: Classification, rating?: number): boolean {
  return c.category === 'complaint' || c.satisfaction === 'dissatisfied' || c.sentiment.label === 'negative' || (rating !== undefined && rating <= 2);
}

/**
 * The latest later item that says something decides: recovered when it is positive, not recovered
 * when negative. No later item, or only neutral ones (a question, a fact), is `silent`.
 */
export function recoveryOutcome(later: LaterFeedback[]): { outcome: RecoveryOutcome; decidedBy: LaterFeedback | null } {
  const sorted = [...later].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  for (const f of sorted) {
    if (isPositive(f.classification, f.rating)) return { outcome: 'recovered', decidedBy: f };
    if (isNegative(f.classification, f.rating)) return { outcome: 'not-recovered', decidedBy: f };
  }
  return { outcome: 'silent', decidedBy: null };
}
