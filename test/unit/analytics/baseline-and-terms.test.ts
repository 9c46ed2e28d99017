import { describe, expect, it } from 'vitest';
import { baselineFor, mad, median, robustZ } from '../../../src/domain/alerts/robust-baseline.ts';
import { brandWords, extractTerms, termMovers } from '../../../src/domain/trends/terms.ts';
import { aspectImpact } from '../../../src/domain/trends/trend-metrics.ts';
import { previousIsoWeek, weekStart } from '../../../src/domain/digests/digest-week.ts';

const H = 3_600_000;

describe('robust baseline', () => {
  it('median and MAD ignore the outlier', () => {
    expect(median([1, 2, 3, 4, 100])).toBe(3);
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });

  it('uses same-hour-of-week samples when there are enough, else every hour', () => {
    const target = Date.UTC(2026, 10, 23, 10);
    const history = new Map<number, number>();
    for (let h = 1; h <= 28 * 24; h++) history.set(target - h * H, h % 168 === 0 ? 50 : 5);
    const seasonal = baselineFor(history, target, { lookbackHours: 28 * 24, minSeasonal: 4, floor: 1, historyStart: 0, emptyHours: 'zero' });
    expect(seasonal).toMatchObject({ method: 'hour-of-week', median: 50, samples: 4 });
    const flat = baselineFor(history, target, { lookbackHours: 14 * 24, minSeasonal: 4, floor: 1, historyStart: 0, emptyHours: 'zero' });
    expect(flat).toMatchObject({ method: 'all-hours', median: 5, samples: 336 });
    expect(robustZ(9, flat)).toBe(4);
  });

  it('a ratio series is baselined on the hours that have data, not on empty hours as 0', () => {
    const target = Date.UTC(2026, 10, 23, 10);
    const history = new Map<number, number>();
    // Items every third hour only, about half of them negative.
    for (let h = 3; h <= 14 * 24; h += 3) history.set(target - h * H, [0.47, 0.53, 0.6][h % 9 / 3]!);
    const share = baselineFor(history, target, { lookbackHours: 14 * 24, minSeasonal: 4, floor: 0.05, historyStart: 0, emptyHours: 'skip' });
    expect(share).toMatchObject({ method: 'all-hours', median: 0.53, samples: 112 });
    const counts = baselineFor(history, target, { lookbackHours: 14 * 24, minSeasonal: 4, floor: 0.05, historyStart: 0, emptyHours: 'zero' });
    expect(counts).toMatchObject({ median: 0, samples: 336 });
  });
});

describe('terms', () => {
  it('keeps content words and phrases, drops stop-words, handles, links and PII placeholders', () => {
    expect(extractTerms('@AcmeHelp The checkout page is broken again!! see https://x.co/a [email] #fail')).toEqual([
      'checkout',
      'page',
      'checkout page',
      'broken',
    ]);
  });

  it('ranks rising and falling terms by share of volume, without brand names', () => {
    const brands = brandWords(['acme', 'rival-roast'], ['AcmeCo']);
    expect([...brands].sort()).toEqual(['acme', 'acmeco', 'rival', 'rival-roast', 'rivalroast', 'roast']);
    const cur = new Map([['checkout', 30], ['acme', 50], ['coffee', 20], ['refund', 2]]);
    const prev = new Map([['checkout', 3], ['acme', 40], ['coffee', 40], ['latte', 10]]);
    const m = termMovers(cur, prev, { current: 100, previous: 100 }, { limit: 5, minCount: 3, exclude: brands });
    expect(m.rising.map((t) => t.term)).toEqual(['checkout']);
    expect(m.falling.map((t) => t.term)).toEqual(['latte', 'coffee']);
    expect(m.top.map((t) => t.term)).toEqual(['checkout', 'coffee']);
  });
});

describe('aspect impact', () => {
  it('is the overall score minus the score without the aspect', () => {
    // 10 items: 4 positive, 4 negative (all 4 about price), 2 neutral.
    const rows = aspectImpact({ n: 10, sent_positive: 4, sent_negative: 4, asp_price: 4, asp_price_neg: 4, asp_price_cmp: 4 });
    const price = rows.find((r) => r.aspect === 'price')!;
    expect(price).toMatchObject({ mentions: 4, netSentiment: -100, complaints: 4, impact: { netSentiment: -66.7, nps: null } });
    expect(rows[0]!.aspect).toBe('price');
  });
});

describe('digest weeks', () => {
  it('finds Monday of an ISO week and rejects impossible weeks', () => {
    expect(weekStart('2026-W48')!.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart('2026-W53')!.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(weekStart('2025-W53')).toBeNull();
    expect(weekStart('2026-W00')).toBeNull();
  });

  it('takes the previous week by the calendar date in the digest time zone', () => {
    // Monday 08:00 in Auckland is Sunday 19:00 UTC: still the Monday of W48 there.
    expect(previousIsoWeek(new Date('2026-11-22T19:00:00Z'), 'Pacific/Auckland')).toBe('2026-W47');
    expect(previousIsoWeek(new Date('2026-11-22T19:00:00Z'), 'UTC')).toBe('2026-W46');
  });
});
