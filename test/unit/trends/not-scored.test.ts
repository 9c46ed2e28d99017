/** Items in a language the classifier does not score are counted as not scored, never as neutral. */
import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/domain/classification/classification.types.ts';
import { labels } from '../../support/classification.ts';
import { addInto, itemIncrements, type CounterFields } from '../../../src/domain/trends/counter-metrics.ts';
import { aspectImpact, deriveMetrics } from '../../../src/domain/trends/trend-metrics.ts';

const base = labels();
const positive: Classification = { ...base, category: 'advocacy', advocacy: true, satisfaction: 'delighted', sentiment: { score: 3, comparative: 0.5, label: 'positive' }, aspects: ['product'] };
const negative: Classification = { ...base, category: 'complaint', complaint: { intent: 'instrumental', blame: 'ostensive' }, satisfaction: 'dissatisfied', sentiment: { score: -3, comparative: -0.5, label: 'negative' } };
/** What the classifier gives a language it does not model. */
const unscored = (language: string): Classification => ({ ...base, language, confidence: 0 });

describe('not-scored items', () => {
  it('count in volume, NPS and ratings, but not in categories or sentiment ratios', () => {
    const sums: CounterFields = {};
    for (const [c, nps] of [
      [positive, 10],
      [negative, 2],
      [negative, undefined],
      [unscored('es'), 9],
      [unscored('es'), undefined],
      [unscored('fr'), undefined],
    ] as Array<[Classification, number | undefined]>) {
      addInto(sums, itemIncrements({ classification: c, ...(nps !== undefined ? { nps } : {}) }));
    }
    const m = deriveMetrics(sums, 1);
    expect(m.volume).toBe(6);
    expect(m.scored).toBe(3);
    expect(m.notScored).toEqual({ count: 3, byLanguage: { es: 2, fr: 1 } });
    expect(m.categories).toEqual({ experience: 0, complaint: 2, advocacy: 1, neutral: 0, notScored: 3 });
    // (1 positive − 2 negative) of 3 scored items: −33.3 points, not −16.7 over all six.
    expect(m.netSentiment).toBe(-33.3);
    expect(m.complaints.rate).toBe(66.7);
    expect(m.advocacy.rate).toBe(33.3);
    // NPS answers are the respondent's own: all three count (2 promoters, 1 detractor).
    expect(m.nps).toMatchObject({ score: 33.3, count: 3 });
    // product: 1 of 3 scored items, net +100.
    expect(aspectImpact(sums).find((a) => a.aspect === 'product')).toMatchObject({ items: 1, share: 33.3, netSentiment: 100 });
  });
});
