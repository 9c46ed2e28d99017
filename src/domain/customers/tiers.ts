/** Value tiers: the most valuable customers (MVC) are the smallest set bringing a share of total LTV. */

export type ValueTier = 'mvc' | 'core';
/** How a case's author is classed: a value tier, or `unknown` when no customer matches the author. */
export type CustomerTier = ValueTier | 'unknown';

export interface TierInput {
  id: string;
  /** The customer's own id, as a person sees it: it breaks LTV ties. */
  externalId: string;
  ltv: number;
}

export interface TierAssignment {
  mvc: Set<string>;
  totalLtv: number;
  mvcLtv: number;
  /** The LTV of the least valuable MVC customer: customers at or above it (by rank) are MVC. */
  cutoffLtv: number | null;
}

/**
 * Sorts by LTV (highest first; ties go to the smaller externalId, which a support lead can see, so
 * the customer listed first is the one that wins) and takes customers until their
 * cumulative LTV reaches `share` of the total. The total counts only positive LTVs: a customer who
 * costs more than they bring does not make the others more valuable. A customer with LTV ≤ 0 is never MVC.
 */
export function assignTiers(customers: TierInput[], share: number): TierAssignment {
  const positive = customers.filter((c) => c.ltv > 0).sort((a, b) => b.ltv - a.ltv || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const totalLtv = positive.reduce((s, c) => s + c.ltv, 0);
  const target = totalLtv * share;
  const mvc = new Set<string>();
  let mvcLtv = 0;
  let cutoffLtv: number | null = null;
  for (const c of positive) {
    if (mvcLtv >= target - 1e-9) break;
    mvc.add(c.id);
    mvcLtv += c.ltv;
    cutoffLtv = c.ltv;
  }
  return { mvc, totalLtv: Math.round(totalLtv * 100) / 100, mvcLtv: Math.round(mvcLtv * 100) / 100, cutoffLtv };
}
