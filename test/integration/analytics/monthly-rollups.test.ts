/**
 * The monthly rollup level gives the same answers as the daily one: totals over long ranges read
 * whole months from year documents (rollup-cover.ts), and must match the sums of day slots the
 * service read before, on the same counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASPECTS, FEEDBACK_KINDS, type Classification } from '../../../src/domain/classification/classification.types.ts';
import { enumerateDays } from '../../../src/domain/trends/buckets.ts';
import { addInto, type CounterFields } from '../../../src/domain/trends/counter-metrics.ts';
import type { Granularity, RollupPart, Scope } from '../../../src/domain/trends/rollup-keys.ts';
import type { CountItem } from '../../../src/domain/trends/rollup-changes.ts';
import { TrendReaderRepository } from '../../../src/domain/trends/trend-reader.repository.ts';
import { TrendsService, type TrendQuery } from '../../../src/domain/trends/trends.service.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { cls } from './analytics-fixtures.ts';

/** The read path before the monthly level: every total is a sum of the finest slots asked for. */
class FinestSlotsOnly extends TrendReaderRepository {
  override async totalsForScopes(g: Granularity, scopes: Scope[], buckets: string[], part: RollupPart = 'core'): Promise<Map<Scope, CounterFields>> {
    const series = await this.seriesForScopes(g, scopes, buckets, part);
    return new Map([...series].map(([scope, perBucket]) => [scope, [...perBucket.values()].reduce((sum, s) => addInto(sum, s), {})]));
  }
}

const LABELS = ['acme', 'rival', 'beanco'];
const CATEGORIES: Classification['category'][] = ['complaint', 'advocacy', 'satisfaction', 'neutral'];
/** Dyadic sentiment values keep float sums exact, whatever order the two paths add them in. */
const COMPARATIVE = { complaint: -0.5, advocacy: 0.75, satisfaction: 0.25, neutral: 0 };

function classified(category: Classification['category'], aspects: Classification['aspects']): Classification {
  const base = cls(category);
  return { ...base, sentiment: { ...base.sentiment, comparative: COMPARATIVE[category] }, aspects };
}

/** 14 months of items on month edges and mid-month days, at varied hours, over a year boundary. */
function history(): CountItem[] {
  const items: CountItem[] = [];
  let i = 0;
  for (let m = 0; m < 14; m++) {
    const year = 2025 + Math.floor((9 + m) / 12);
    const month = (9 + m) % 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    for (const day of [1, 2, 15, last]) {
      for (let k = 0; k < 3; k++, i++) {
        const kind = FEEDBACK_KINDS[i % 3]!;
        items.push({
          sourceId: `src-${i % 5}`,
          label: LABELS[i % 5 % 3]!,
          kind,
          publishedAt: new Date(Date.UTC(year, month, day, (i * 7) % 24, 30)),
          classification: classified(CATEGORIES[i % 4]!, [ASPECTS[i % 7]!, ASPECTS[(i + 3) % 7]!]),
          ...(kind === 'review' ? { rating: (i % 5) + 1 } : {}),
          ...(kind === 'survey' ? { nps: i % 11 } : {}),
          reach: i % 13,
        });
      }
    }
  }
  return items;
}

describe('monthly rollups', () => {
  let env: TestEnv;
  let monthly: TrendsService;
  let finest: TrendsService;
  let items: CountItem[];

  beforeAll(async () => {
    env = await startTestEnv('analytics_monthly');
    items = history();
    await env.container.repos.counters.addItems(items);
    // A label correction moves counters at every level, month documents included.
    const moved = items.slice(0, 6);
    await env.container.repos.counters.addItems(moved, -1);
    await env.container.repos.counters.addItems(moved.map((it) => ({ ...it, label: 'rival', classification: classified('advocacy', it.classification.aspects) })));
    monthly = env.container.services.trends;
    finest = new TrendsService(new FinestSlotsOnly(env.container.databases.trends));
  }, 120_000);
  afterAll(async () => env?.teardown());

  const year: TrendQuery = { interval: 'day', from: new Date('2025-10-16T00:00:00Z'), to: new Date('2026-10-16T00:00:00Z') };
  const queries: Array<[string, TrendQuery]> = [
    ['a year of days', year],
    ['a year of weeks', { ...year, interval: 'week' }],
    ['a year, one label', { ...year, label: 'acme' }],
    ['a year, one source', { ...year, sourceId: 'src-2' }],
    ['14 whole months', { interval: 'day', from: new Date('2025-10-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }],
    ['a month of hours over a whole February', { interval: 'hour', from: new Date('2026-01-31T05:00:00Z'), to: new Date('2026-03-02T10:00:00Z') }],
  ];

  it('counts every item once at the month level', async () => {
    const all = await env.container.repos.trendReader.totalsForScopes('d', ['all'], enumerateDays(new Date('2025-10-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')));
    expect(all.get('all')!.n).toBe(items.length);
    expect(all.get('all')!.cat_advocacy).toBe(items.filter((it) => it.classification.category === 'advocacy').length + 6 - 2);
  });

  it('keeps month slots equal to the sum of their day slots, for every scope', async () => {
    const trendReader = env.container.repos.trendReader;
    const scopes = ['all', ...(await trendReader.listScopes()).map((s) => s._id)];
    const days = enumerateDays(new Date('2025-10-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    const months = [...new Set(days.map((d) => d.slice(0, 7)))];
    for (const part of ['core', 'aspects'] as const) {
      const [bySlot, byDay] = await Promise.all([trendReader.seriesForScopes('m', scopes, months, part), trendReader.seriesForScopes('d', scopes, days, part)]);
      for (const scope of scopes) {
        const summed = new Map<string, CounterFields>();
        for (const [day, sums] of byDay.get(scope)!) summed.set(day.slice(0, 7), addInto(summed.get(day.slice(0, 7)) ?? {}, sums));
        expect(bySlot.get(scope), `${part} ${scope}`).toEqual(summed);
      }
    }
  });

  for (const [name, q] of queries) {
    it(`answers breakdowns and aspects over ${name} as the daily path does`, async () => {
      for (const by of ['label', 'kind', 'source', 'aspect'] as const) {
        const got = await monthly.breakdown(q, by);
        expect(got, by).toEqual(await finest.breakdown(q, by));
        expect(got.length, by).toBeGreaterThan(0);
      }
      expect(await monthly.rangeTotals(q, true)).toEqual(await finest.rangeTotals(q, true));
    });
  }

  it('leaves the series untouched', async () => {
    expect(await monthly.metrics(year)).toEqual(await finest.metrics(year));
    expect(await monthly.shareOfVoice(year)).toEqual(await finest.shareOfVoice(year));
  });
});
