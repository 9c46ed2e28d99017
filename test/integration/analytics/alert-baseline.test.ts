/** The negative-share baseline of a brand that is not talked about every hour. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { cls, countOnly, type FixtureItem } from './analytics-fixtures.ts';

const H = 3_600_000;
const HISTORY_START = Date.UTC(2026, 9, 1, 0);
const TARGET = Date.UTC(2026, 9, 15, 10);

/** n items in the hour at t, `negative` of them complaints (negative sentiment), the rest satisfied. */
function hour(t: number, n: number, negative: number): FixtureItem[] {
  return Array.from({ length: n }, (_, i) => ({
    label: 'quiet',
    at: new Date(t + i * 60_000),
    text: i < negative ? 'cold coffee again' : 'lovely flat white',
    classification: cls(i < negative ? 'complaint' : 'satisfaction'),
  }));
}

describe('negative-share alert baseline', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv('analytics_alert_baseline');
    // Fourteen days with items every third hour only: 15 items, 7–9 negative (a 53 % median share).
    const history: FixtureItem[] = [];
    for (let t = HISTORY_START, k = 0; t < TARGET - H; t += 3 * H, k++) history.push(...hour(t, 15, [7, 8, 9][k % 3]!));
    await countOnly(env.container, history);
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('baselines the share on hours with data: 71 % against a usual 53 % raises no alert', async () => {
    await countOnly(env.container, hour(TARGET, 14, 10));
    const outcome = await env.container.analytics.alerts.detect(new Date(TARGET + 30 * 60_000));
    expect(outcome.evaluated).toBeGreaterThan(0);
    expect(outcome.raised.filter((a) => a.series === 'negative_share').map((a) => ({ key: a.key, figures: a.figures }))).toEqual([]);
  });
});
