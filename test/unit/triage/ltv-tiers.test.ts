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
});

describe('assignTiers', () => {
  const base = [1500, 1200, 1000, 900, 800, 700, 600, 500, 400, 400].map((ltv, i) => ({ id: `c${i}`, ltv }));

  it('takes the smallest set reaching the share of total LTV, highest first', () => {
    const t = assignTiers(base, 0.2);
    expect(t.totalLtv).toBe(8000);
    // 20% of 8,000 = 1,600: c0 (1,500) is short of it, c0 + c1 (2,700) reach it.
    expect([...t.mvc]).toEqual(['c0', 'c1']);
    expect(t.mvcLtv).toBe(2700);
    expect(t.cutoffLtv).toBe(1200);
  });

  it('ignores customers with LTV ≤ 0 in the total and never makes them MVC', () => {
    const t = assignTiers([...base, { id: 'loss', ltv: -5000 }, { id: 'zero', ltv: 0 }], 0.2);
    expect(t.totalLtv).toBe(8000);
    expect(t.mvc.has('loss')).toBe(false);
  });

  it('the threshold is configurable and ties break by id', () => {
    expect([...assignTiers(base, 0.5).mvc]).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect([...assignTiers([{ id: 'b', ltv: 10 }, { id: 'a', ltv: 10 }], 0.2).mvc]).toEqual(['a']);
    expect(assignTiers([], 0.2).mvc.size).toBe(0);
  });
});
