import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { AGENT_KEY, VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { cls, storeItems, type FixtureItem } from './analytics-fixtures.ts';

const DAY = 86_400_000;
const W41 = Date.UTC(2026, 9, 5); // Monday of 2026-W41
const W42 = Date.UTC(2026, 9, 12); // Monday of 2026-W42

const at = (weekStart: number, i: number) => new Date(weekStart + (i % 7) * DAY + 9 * 3_600_000 + i * 60_000);

/**
 * W41: acme 4 satisfied (rating 5), 4 instrumental-ostensive complaints on price (rating 1), 2 neutral; rival 10 neutral.
 * W42: acme 6 advocates (NPS 10, people), 5 instrumental-ostensive + 3 non-instrumental-reflexive complaints (NPS 2,
 * process), 6 satisfied (rating 4); rival 5 neutral.
 */
function fixture(): FixtureItem[] {
  const items: FixtureItem[] = [];
  const add = (n: number, week: number, f: (i: number) => Omit<FixtureItem, 'at'>) => {
    for (let i = 0; i < n; i++) items.push({ ...f(i), at: at(week, items.length) });
  };
  add(4, W41, () => ({ text: 'Lovely latte and quick service at Acme', classification: cls('satisfaction'), rating: 5 }));
  add(4, W41, () => ({ text: 'Prices went up again, way too expensive now', classification: cls('complaint'), rating: 1, aspects: ['price'] }));
  add(2, W41, () => ({ text: 'When does the new store open?', classification: cls('neutral') }));
  add(10, W41, () => ({ label: 'rival', text: 'Rival opened a shop downtown', classification: cls('neutral') }));
  add(6, W42, () => ({ text: 'The baristas are wonderful, I recommend Acme to everyone', classification: cls('advocacy'), nps: 10, aspects: ['people'] }));
  add(5, W42, () => ({ text: 'Mobile order checkout keeps failing, refund me', classification: cls('complaint'), nps: 2, aspects: ['process'] }));
  add(3, W42, () => ({
    text: 'I messed up my mobile order checkout again, so annoying',
    classification: cls('complaint', { complaint: { intent: 'non-instrumental', blame: 'reflexive' } }),
    nps: 2,
    aspects: ['process'],
  }));
  add(6, W42, () => ({ text: 'Good coffee and a comfy place to work', classification: cls('satisfaction'), rating: 4 }));
  add(5, W42, () => ({ label: 'rival', text: 'Rival has a loyalty app now', classification: cls('neutral') }));
  return items;
}

describe('weekly digest', () => {
  let env: TestEnv;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('analytics_digest');
    await storeItems(env.container, fixture());
    api = await listen(createApp(env.container), VIEWER_KEY);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  it('builds a known week with exact figures and week-over-week changes', async () => {
    const res = await api.request('POST', '/v1/digests', { key: AGENT_KEY, body: { week: '2026-W42' } });
    expect(res.status).toBe(201);
    const d = res.body;
    expect(d.week).toBe('2026-W42');
    expect(d.from).toBe('2026-10-12T00:00:00.000Z');
    const h = d.headline;
    expect(h.volume).toEqual({ value: 25, previous: 20, change: 5, changePercent: 25 });
    expect(h.netSentiment).toEqual({ value: 16, previous: 0, change: 16, changePercent: null });
    expect(h.complaints).toEqual({ value: 8, previous: 4, change: 4, changePercent: 100, byType: { instrumental: 5, nonInstrumental: 3, ostensive: 5, reflexive: 3 } });
    expect(h.complaintShare).toEqual({ value: 32, previous: 20, change: 12, changePercent: 60 });
    expect(h.advocacy).toEqual({ value: 6, previous: 0, change: 6, changePercent: null });
    expect(h.advocacyShare.value).toBe(24);
    expect(h.nps).toEqual({ value: -14.3, previous: null, change: null, changePercent: null, answers: 14 });
    expect(h.csat).toEqual({ value: 100, previous: 50, change: 50, changePercent: 100, ratings: 6 });
    expect(d.shareOfVoice).toEqual([
      { label: 'acme', volume: 20, share: 80, previousShare: 50, netSentiment: 20, advocacyShare: 100 },
      { label: 'rival', volume: 5, share: 20, previousShare: 50, netSentiment: 0, advocacyShare: 0 },
    ]);
    expect(d.movers.aspects.map((a: { aspect: string; change: number; impact: number | null }) => [a.aspect, a.change, a.impact])).toEqual([
      ['process', 8, -54.6],
      ['people', 6, 26.5],
      ['price', -4, null],
    ]);
    expect(d.movers.terms.length).toBeGreaterThan(0);
    for (const t of d.movers.terms) expect(t.term).not.toMatch(/acme|rival/);
    expect(d.daily).toHaveLength(7);
    expect(d.daily.reduce((a: number, x: { volume: number }) => a + x.volume, 0)).toBe(25);
    expect(d.spikes).toEqual([]);
    expect(d.recovery).toEqual({ available: true, resolvedCases: 0, recoveryRate: null, recovered: 0, notRecovered: 0, silent: 0, medianHoursToResolution: null });
    expect(d.quotes.map((q: { category: string }) => q.category)).toEqual(['complaint', 'advocacy', 'satisfaction']);
    expect(d.quotes[0].text).toMatch(/checkout/);
    expect(d.executive.fiveNumbers.map((n: { name: string; value: number }) => [n.name, n.value])).toEqual([
      ['Mentions', 25],
      ['Net sentiment', 16],
      ['NPS', -14.3],
      ['CSAT', 100],
      ['Complaint share', 32],
    ]);
  });

  it('serves stored digests as JSON, Markdown and self-contained HTML', async () => {
    const latest = await api.request('GET', '/v1/digests/latest');
    expect(latest.body.week).toBe('2026-W42');
    const md = await fetch(`${api.url}/v1/digests/2026-W42?format=markdown`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = await md.text();
    expect(text).toContain('# Earshot weekly digest — 2026-W42');
    expect(text).toContain('| Mentions | 25 | +25% |');
    const html = await (await fetch(`${api.url}/v1/digests/2026-W42?format=html`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } })).text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect((await api.request('GET', '/v1/digests/2026-W01')).status).toBe(404);
    expect((await api.request('GET', '/v1/digests/2026-W99')).status).toBe(400);
    expect((await api.request('GET', '/v1/digests/latest?format=pdf')).status).toBe(400);
    expect((await api.request('POST', '/v1/digests', { body: {} })).status).toBe(403);
  });

  it('answers the buzz analytics endpoints from the same counters', async () => {
    const q = 'from=2026-10-12T00:00:00Z&to=2026-10-19T00:00:00Z';
    const metrics = await api.request('GET', `/v1/trends/metrics?interval=week&${q}`);
    expect(metrics.status).toBe(200);
    expect(metrics.body.buckets).toHaveLength(1);
    expect(metrics.body.buckets[0].volume).toBe(25);
    expect(metrics.body.buckets[0].change).toEqual({ volume: 5, percent: 25 });
    expect(metrics.body.totals.netSentiment).toBe(16);
    expect(metrics.body.totals.complaints.byType.reflexive).toBe(12);
    const byLabel = await api.request('GET', `/v1/trends/breakdown?by=label&${q}`);
    expect(byLabel.body.groups.map((g: { key: string; share: number }) => [g.key, g.share])).toEqual([
      ['acme', 80],
      ['rival', 20],
    ]);
    const byKind = await api.request('GET', `/v1/trends/breakdown?by=source&label=acme&${q}`);
    expect(byKind.body.groups).toHaveLength(1);
    expect(byKind.body.groups[0].metrics.volume).toBe(20);
    const sov = await api.request('GET', `/v1/trends/share-of-voice?interval=day&${q}`);
    expect(sov.body.labels[0]).toMatchObject({ label: 'acme', share: 80 });
    const aspects = await api.request('GET', `/v1/trends/aspects?${q}`);
    expect(aspects.body.aspects[0]).toMatchObject({ aspect: 'process', mentions: 8, netSentiment: -100, impact: { netSentiment: -54.6, nps: -114.3 } });
    const terms = await api.request('GET', `/v1/trends/terms?${q}&minCount=2`);
    expect(terms.body.current.items).toBe(25);
    expect(terms.body.previous.items).toBe(20);
    expect(terms.body.rising.map((t: { term: string }) => t.term)).toContain('checkout');
    expect(terms.body.falling.map((t: { term: string }) => t.term)).toContain('expensive');
    expect(terms.body.rising.concat(terms.body.falling).map((t: { term: string }) => t.term).join(' ')).not.toMatch(/acme|rival/);
    expect((await api.request('GET', `/v1/trends/breakdown?by=colour&${q}`)).status).toBe(400);
  });
});
