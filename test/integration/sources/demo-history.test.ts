/**
 * The demo's eight weeks of history, seeded through the real API and workers: every page of the
 * web app has data behind its endpoint on first start, last week's digest included, and a second
 * run on the same data adds nothing.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { importCustomersCsv } from '../../../src/cli/import-customers.command.ts';
import { registerDemoSources } from '../../../src/demo/demo-sources.ts';
import type { DemoStream } from '../../../src/demo/demo-history.ts';
import { startSampleFeedServer, type FeedServer } from '../../../src/demo/sample-feed-server.ts';
import { seedHistory, type SeedOutcome, type SeedTarget } from '../../../src/demo/seed-history.ts';
import { previousIsoWeek } from '../../../src/domain/digests/digest-week.ts';
import { bucketStart } from '../../../src/domain/trends/buckets.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, VIEWER_KEY, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const DAY = 86_400_000;
/** The last weekly bucket is this week, which runs only up to now: at Monday 00:00:01 it is rightly empty. */
const completeWeeks = <T>(buckets: T[]): T[] => buckets.slice(0, -1);

describe('demo history', () => {
  const now = new Date();
  const lastWeek = previousIsoWeek(now);
  let env: TestEnv;
  let feeds: FeedServer;
  let workers: RunningWorkers;
  let api: TestApi;
  let target: SeedTarget;
  let first: SeedOutcome;
  const get = async (path: string) => {
    const res = await api.request('GET', path, { key: VIEWER_KEY });
    expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    return res.body;
  };
  const range = () => `from=${first.history.from.toISOString()}&to=${now.toISOString()}`;

  beforeAll(async () => {
    env = await startTestEnv('demo_history', { EARSHOT_ALLOW_PRIVATE_SOURCES: 'true' });
    const c = env.container;
    feeds = await startSampleFeedServer({ liveEveryMs: 3_600_000 });
    workers = await startWorkers(c, testClassifier());
    api = await listen(createApp(c));
    await importCustomersCsv(c, await readFile(new URL('../../../src/demo/sample-customers.csv', import.meta.url), 'utf8'));
    const sourceIds: Record<DemoStream, string> = await registerDemoSources(c, feeds.url);
    target = { container: c, api: api.url, key: ADMIN_KEY, sourceIds };
    first = await seedHistory(target, now, () => undefined);
  }, 600_000);

  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await feeds?.close();
    await env?.teardown();
  });

  it('spans eight full weeks and this one, with a weekly rhythm, two brands and all three kinds', async () => {
    expect(first.history.from.getTime()).toBeLessThanOrEqual(now.getTime() - 56 * DAY);
    expect(first.pushed).toBe(first.history.items.length);
    const weeks = (await get(`/v1/trends/buzz?interval=week&${range()}`)).buckets as Array<{ volume: number }>;
    expect(weeks.length).toBeGreaterThanOrEqual(9);
    for (const w of completeWeeks(weeks)) expect(w.volume).toBeGreaterThan(0);
    const thisWeek = first.history.items.filter((i) => i.publishedAt >= bucketStart('week', now)).length;
    expect(weeks.at(-1)!.volume > 0, `this week: ${thisWeek} items sent`).toBe(thisWeek > 0);

    const days = (await get(`/v1/trends/buzz?interval=day&kind=mention&${range()}`)).buckets as Array<{ start: string; volume: number }>;
    const full = days.slice(0, 56);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const weekend = full.filter((d) => [0, 6].includes(new Date(d.start).getUTCDay())).map((d) => d.volume);
    const weekday = full.filter((d) => ![0, 6].includes(new Date(d.start).getUTCDay())).map((d) => d.volume);
    expect(mean(weekday)).toBeGreaterThan(mean(weekend) * 1.2);

    for (const kind of ['mention', 'review', 'survey']) {
      const buckets = (await get(`/v1/trends/buzz?interval=week&kind=${kind}&${range()}`)).buckets as Array<{ volume: number }>;
      expect(buckets.reduce((s, b) => s + b.volume, 0), kind).toBeGreaterThan(50);
    }
    const sov = await get(`/v1/trends/share-of-voice?interval=week&${range()}`);
    expect(JSON.stringify(sov)).toMatch(/rival-roast/);
    expect(JSON.stringify(sov)).toMatch(/acme/);
  });

  it('has satisfaction figures: NPS answers and ratings every complete week', async () => {
    const { totals } = await get(`/v1/trends/metrics?interval=week&${range()}`);
    expect(totals.nps.count).toBeGreaterThan(200);
    const sat = (await get(`/v1/trends/satisfaction?interval=week&${range()}`)).buckets as Array<{ csat: { count: number }; nps: { count: number; score: number | null } }>;
    expect(sat.length).toBeGreaterThanOrEqual(9);
    for (const b of completeWeeks(sat)) {
      expect(b.csat.count).toBeGreaterThan(0);
      expect(b.nps.score).not.toBeNull();
    }
  });

  it('has cases in every state and at-risk customers', async () => {
    const stats = await get('/v1/cases/stats');
    for (const status of ['open', 'acknowledged', 'resolved', 'dismissed']) expect(stats.byStatus[status], status).toBeGreaterThan(0);
    const queue = await get('/v1/cases?limit=5');
    expect(queue.cases.length).toBe(5);
    const atRisk = await get('/v1/customers/at-risk');
    expect(atRisk.customers.length).toBeGreaterThan(0);
  });

  it('has recovery: resolved cases followed by later items from the same customers, and the paradox check', async () => {
    const r = await get('/v1/recovery');
    expect(r.outcomes.recovered).toBeGreaterThan(0);
    expect(r.outcomes.notRecovered).toBeGreaterThan(0);
    expect(r.paradox.holds).not.toBeNull();
    expect(r.cases.some((x: { customerExternalId: string | null }) => x.customerExternalId?.startsWith('ACME-'))).toBe(true);
  });

  it('raised the planted spike as alerts explained by its cause', async () => {
    const { alerts } = await get('/v1/alerts');
    const spike = alerts.filter((a: { hour: string }) => a.hour === first.history.spike.from.toISOString().slice(0, 13));
    expect(spike.length).toBeGreaterThan(0);
    expect(spike[0].topTerms).toContain('checkout');
  });

  it('lists the six sources', async () => {
    const sources = await get('/v1/sources');
    expect(sources.sources).toHaveLength(6);
  });

  it('stored last week\'s digest with data, the spike and a recovery section', async () => {
    const d = await get(`/v1/digests/${lastWeek}`);
    expect(d.headline.volume.value).toBeGreaterThan(100);
    expect(d.spikes.length).toBeGreaterThan(0);
    expect(d.recovery).toMatchObject({ available: true });
    expect(d.recovery.resolvedCases).toBeGreaterThan(0);
    expect(d.quotes.length).toBe(3);
  });

  it('adds nothing when run again on the same data', async () => {
    const c = env.container;
    const before = { items: await c.repos.feedback.count(), stats: await get('/v1/cases/stats'), alerts: (await get('/v1/alerts')).alerts.length };
    const digest = await get(`/v1/digests/${lastWeek}`);
    const again = await seedHistory(target, now, () => undefined);
    expect(again).toMatchObject({ pushed: 0, casesWorked: 0, alerts: 0 });
    expect(await c.repos.feedback.count()).toBe(before.items);
    expect((await get('/v1/cases/stats')).byStatus).toEqual(before.stats.byStatus);
    expect((await get('/v1/alerts')).alerts.length).toBe(before.alerts);
    expect((await get(`/v1/digests/${lastWeek}`)).headline).toEqual(digest.headline);
  }, 300_000);
});
