import { describe, expect, it } from 'vitest';
import { computeLtv } from '../../../src/domain/customers/ltv.ts';
import { assignTiers } from '../../../src/domain/customers/tiers.ts';

describe('computeLtv', () => {
  it('follows (price − cost) × purchases per year × years − acquisition cost, step by step', () => {
    const ltv = computeLtv({ price: 50, cost: 20, purchasesPerYear: 12, years: 10, acquisitionCost: 400 });
    expect(ltv.steps).toEqual({ marginPerPurchase: 30, marginPerYear: 360, lifetimeMargin: 3600, acquisitionCost: 400, ltv: 3200 });
    expect(ltv.value).toBe(3200);
    expect(ltv.text).toBe('(50 − 20) × 12 × 10 − 400 = 3200');
  });

  it('keeps cents exact and can be negative', () => {
    expect(computeLtv({ price: 4.1, cost: 1.3, purchasesPerYear: 52, years: 3, acquisitionCost: 0 }).value).toBe(436.8);
    expect(computeLtv({ price: 10, cost: 9, purchasesPerYear: 1, years: 10, acquisitionCost: 100 }).value).toBe(-90);
  });

  it('rounds only the result, and its text shows the arithmetic it did', () => {
    const ltv = computeLtv({ price: 9.99, cost: 3.555, purchasesPerYear: 12, years: 10, acquisitionCost: 0 });
    expect(ltv.value).toBe(772.2);
    expect(ltv.steps).toEqual({ marginPerPurchase: 6.435, marginPerYear: 77.22, lifetimeMargin: 772.2, acquisitionCost: 0, ltv: 772.2 });
    expect(ltv.text).toBe('(9.99 − 3.555) × 12 × 10 − 0 = 772.2');
  });
});

describe('assignTiers', () => {
  const base = [1500, 1200, 1000, 900, 800, 700, 600, 500, 400, 400].map((ltv, i) => ({ id: `c${i}`, externalId: `c${i}`, ltv }));

  it('takes the smallest set reaching the share of total LTV, highest first', () => {
    const t = assignTiers(base, 0.2);
    expect(t.totalLtv).toBe(8000);
    // 20% of 8,000 = 1,600: c0 (1,500) is short of it, c0 + c1 (2,700) reach it.
    expect([...t.mvc]).toEqual(['c0', 'c1']);
    expect(t.mvcLtv).toBe(2700);
    expect(t.cutoffLtv).toBe(1200);
  });

  it('ignores customers with LTV ≤ 0 in the total and never makes them MVC', () => {
    const t = assignTiers([...base, { id: 'loss', externalId: 'loss', ltv: -5000 }, { id: 'zero', externalId: 'zero', ltv: 0 }], 0.2);
    expect(t.totalLtv).toBe(8000);
    expect(t.mvc.has('loss')).toBe(false);
  });

  it('the threshold is configurable and ties break by the customer\'s externalId, not the internal id', () => {
    expect([...assignTiers(base, 0.5).mvc]).toEqual(['c0', 'c1', 'c2', 'c3']);
    // The internal ids sort the other way round: the customer a person sees first (W-100) wins.
    const tied = [
      { id: '0000aa', externalId: 'W-200', ltv: 10 },
      { id: 'ffff00', externalId: 'W-100', ltv: 10 },
    ];
    expect([...assignTiers(tied, 0.2).mvc]).toEqual(['ffff00']);
    expect(assignTiers([], 0.2).mvc.size).toBe(0);
  });
});
