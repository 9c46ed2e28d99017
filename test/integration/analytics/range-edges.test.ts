/**
 * Every trend endpoint reads exactly [from, to): a week that starts before `from` or ends after
 * `to` is clipped to the range and marked partial, its velocity is over the hours it covers, and
 * its change compares with the same span one interval earlier. Aspects are kept per day only, so
 * an hourly aspect request is refused instead of mixing a day's aspects with an hour's volume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { cls, storeItems, type FixtureItem } from './analytics-fixtures.ts';

const day = (d: string, n: number, extra: Partial<FixtureItem> = {}): FixtureItem[] =>
  Array.from({ length: n }, (_, i) => ({ text: `the latte was fine ${d} ${i}`, at: new Date(`${d}T${String(9 + i).padStart(2, '0')}:15:00Z`), classification: cls('satisfaction'), ...extra }));

/**
 * W47: Mon 16 (1), Thu 19 (1). W48: Mon 23 (2), Tue 24 (1), Wed 25 (3), Thu 26 (2, rival).
 * W49: Mon 30 (4), Tue 1 Dec (2), Wed 2 Dec (1, after `to`).
 */
const ITEMS: FixtureItem[] = [
  ...day('2026-11-16', 1),
  ...day('2026-11-19', 1),
  ...day('2026-11-23', 2),
  ...day('2026-11-24', 1),
  ...day('2026-11-25', 3, { aspects: ['product', 'place'] }),
  ...day('2026-11-26', 2, { label: 'rival' }),
  ...day('2026-11-30', 4),
  ...day('2026-12-01', 2, { classification: cls('complaint') }),
  ...day('2026-12-02', 1),
];
const RANGE = 'from=2026-11-25T00:00:00Z&to=2026-12-02T00:00:00Z';

let env: TestEnv;
let api: TestApi;

beforeAll(async () => {
  env = await startTestEnv('range_edges');
  await storeItems(env.container, ITEMS);
  api = await listen(createApp(env.container), VIEWER_KEY);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

describe('weekly ranges bounded by from and to', () => {
  it('buzz clips both edge weeks, marks them partial and compares like spans', async () => {
    const { status, body } = await api.request('GET', `/v1/trends/buzz?interval=week&${RANGE}`);
    expect(status).toBe(200);
    expect(body.buckets.map((b: any) => [b.bucket, b.start, b.end, b.partial, b.volume])).toEqual([
      ['2026-W48', '2026-11-25T00:00:00.000Z', '2026-11-30T00:00:00.000Z', true, 5],
      ['2026-W49', '2026-11-30T00:00:00.000Z', '2026-12-02T00:00:00.000Z', true, 6],
    ]);
    // W48 from Wed 25 to Mon 30 against Wed 18 to Mon 23 (1); W49 Mon 30–Wed 2 against Mon 23–Wed 25 (3).
    expect(body.buckets.map((b: any) => b.change)).toEqual([
      { volume: 4, percent: 400 },
      { volume: 3, percent: 100 },
    ]);
  });

  it('metrics, satisfaction, share of voice and breakdowns count the same 11 items', async () => {
    const metrics = (await api.request('GET', `/v1/trends/metrics?interval=week&${RANGE}`)).body;
    expect(metrics.totals.volume).toBe(11);
    // Items per hour over the hours each bucket covers: 5 / 120 h, 6 / 48 h, 11 / 168 h.
    expect(metrics.buckets.map((b: any) => b.velocity)).toEqual([0.042, 0.125]);
    expect(metrics.totals.velocity).toBe(0.065);
    const satisfaction = (await api.request('GET', `/v1/trends/satisfaction?interval=week&${RANGE}`)).body;
    expect(satisfaction.buckets.map((b: any) => b.volume)).toEqual([5, 6]);
    const sov = (await api.request('GET', `/v1/trends/share-of-voice?interval=week&${RANGE}`)).body;
    expect(sov.totals.volume).toBe(11);
    expect(sov.buckets.map((b: any) => [b.bucket, b.partial, b.volume])).toEqual([
      ['2026-W48', true, 5],
      ['2026-W49', true, 6],
    ]);
    const byLabel = (await api.request('GET', `/v1/trends/breakdown?by=label&interval=week&${RANGE}`)).body;
    expect(byLabel.groups.map((g: any) => [g.key, g.metrics.volume])).toEqual([
      ['acme', 9],
      ['rival', 2],
    ]);
    const aspects = (await api.request('GET', `/v1/trends/aspects?interval=week&${RANGE}`)).body;
    expect(aspects.aspects.find((a: any) => a.aspect === 'place').items).toBe(3);
    const terms = (await api.request('GET', `/v1/trends/terms?${RANGE}&minCount=1`)).body;
    expect(terms.current.items).toBe(11);
  });

  it('a whole week inside the range is not partial', async () => {
    const { body } = await api.request('GET', '/v1/trends/buzz?interval=week&from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z');
    expect(body.buckets.map((b: any) => [b.bucket, b.partial, b.volume, b.change.volume])).toEqual([['2026-W48', false, 8, 6]]);
  });
});

describe('aspects and hours', () => {
  it('refuses interval=hour for aspects with a 400 naming the field', async () => {
    const { status, body } = await api.request('GET', '/v1/trends/aspects?interval=hour&from=2026-11-25T09:00:00Z&to=2026-11-25T11:00:00Z');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('interval');
    const breakdown = await api.request('GET', '/v1/trends/breakdown?by=aspect&interval=hour&from=2026-11-25T09:00:00Z&to=2026-11-25T11:00:00Z');
    expect(breakdown.status).toBe(400);
  });

  it('aspect shares never exceed 100 %: aspect items and volume over the same days', async () => {
    const { body } = await api.request('GET', '/v1/trends/aspects?interval=day&from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z');
    const place = body.aspects.find((a: any) => a.aspect === 'place');
    expect([place.items, place.share]).toEqual([3, 100]);
  });
});
