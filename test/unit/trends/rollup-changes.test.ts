import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/domain/classification/classification.types.ts';
import { rollupChanges, type CountItem } from '../../../src/domain/trends/rollup-changes.ts';

const classification = (category: Classification['category']): Classification =>
  ({
    category,
    confidence: 0.9,
    sentiment: { score: -2, comparative: -0.5, label: 'negative' },
    satisfaction: 'dissatisfied',
    complaint: category === 'complaint' ? { intent: 'instrumental', blame: 'ostensive' } : null,
    advocacy: category === 'advocacy',
    aspects: ['price'],
    language: 'en',
  }) as unknown as Classification;

const item = (id: string, hour: number, category: Classification['category'] = 'complaint'): CountItem => ({
  _id: id,
  sourceId: 'src1',
  kind: 'review',
  label: 'acme',
  text: 'Refund the delivery fee please',
  rating: 2,
  publishedAt: new Date(Date.UTC(2026, 10, 20, hour, 30)),
  classification: classification(category),
});

const find = (changes: ReturnType<typeof rollupChanges>, collection: string, id: string) => changes.find((c) => c.collection === collection && c.id === id);

describe('rollupChanges', () => {
  it('sums items per slot in every scope, at hour and day level, aspects apart', () => {
    const changes = rollupChanges([{ items: [item('a', 9), item('b', 9), item('c', 10)], sign: 1 }]);
    const hourAll = find(changes, 'trend_h_20261120_all', 'all')!;
    expect(hourAll.inc['09|n']).toBe(2);
    expect(hourAll.inc['10|n']).toBe(1);
    expect(hourAll.inc['09|rating_sum']).toBe(4);
    expect(hourAll.meta).toEqual({ g: 'h', period: '2026-11-20', scope: 'all' });
    expect(find(changes, 'trend_d_202611_s', 's:src1:review')!.inc['20|cat_complaint']).toBe(3);
    expect(find(changes, 'trend_d_202611_l', 'l:acme')!.inc['20|asp_price']).toBeUndefined();
    expect(find(changes, 'trend_a_202611_l', 'l:acme')!.inc['20|asp_price']).toBe(3);
    expect(find(changes, 'trend_scopes', 's:src1:review')!.meta).toEqual({ type: 'source', sourceId: 'src1', kind: 'review', label: 'acme' });
    // Terms only when asked; samples for complaints, keyed by hour.
    expect(changes.some((c) => c.collection.startsWith('trend_t_'))).toBe(false);
    expect(Object.keys(find(changes, 'trend_s_20261120_all', 'all')!.set).every((f) => /^(09|10)\|complaint\|\d$/.test(f))).toBe(true);
  });

  it('a move takes the old labels out and puts the new ones in, in one set of changes', () => {
    const changes = rollupChanges([
      { items: [item('a', 9)], sign: -1 },
      { items: [item('a', 9, 'advocacy')], sign: 1 },
    ]);
    const day = find(changes, 'trend_d_202611_all', 'all')!.inc;
    expect(day['20|n']).toBe(0);
    expect(day['20|cat_complaint']).toBe(-1);
    expect(day['20|cat_advocacy']).toBe(1);
  });

  it('counts terms once per item, with the number of items, in documents without metadata', () => {
    const changes = rollupChanges([{ items: [item('a', 9), item('b', 11)], sign: 1 }], { terms: true });
    const terms = find(changes, 'trend_t_20261120_all', 'all')!;
    expect(terms.meta).toEqual({});
    expect(terms.inc.__items).toBe(2);
    expect(terms.inc.refund).toBe(2);
    expect(terms.inc['delivery fee']).toBe(2);
  });
});
