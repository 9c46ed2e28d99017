import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

describe('push ingestion through the real queue and store', () => {
  let env: TestEnv;
  let workers: RunningWorkers;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('push');
    workers = await startWorkers(env.container, testClassifier());
    api = await listen(createApp(env.container), AGENT_KEY);
  });

  afterAll(async () => {
    await api?.close();
    await workers?.close();
    await env?.teardown();
  });

  it('answers health with both stores up, without a key', async () => {
    const res = await api.request('GET', '/healthz', { key: '' });
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', redis: 'up', mongodb: 'up' } });
  });

  it('rejects missing, unknown and under-privileged keys', async () => {
    expect((await api.request('GET', '/v1/items', { key: '' })).status).toBe(401);
    expect((await api.request('GET', '/v1/items', { key: 'not-a-real-key-000000' })).status).toBe(401);
    const forbidden = await api.request('POST', '/v1/items', { key: VIEWER_KEY, body: { items: [{ text: 'hi' }] } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toMatch(/agent/);
  });

  it('stores valid items and answers 207 with a result per item, naming each bad field', async () => {
    const now = Date.now();
    const res = await api.request('POST', '/v1/items', {
      body: {
        label: 'acme',
        kind: 'survey',
        items: [
          { externalId: 's-1', text: 'The staff were rude and nobody helped me. Please refund my order.', rating: 1, author: '@Jane', publishedAt: new Date(now - 3_600_000).toISOString() },
          { externalId: 's-2', text: 'Absolutely loved it, I recommend Acme to all my friends! Write me at jane@example.com', nps: 10, publishedAt: new Date(now - 7_200_000).toISOString() },
          { externalId: 's-3', text: 'Fine, it works as described.', rating: 4, publishedAt: new Date(now - 10_800_000).toISOString() },
          { externalId: 's-4', text: 'bad rating', rating: 9 },
          { externalId: 's-5', text: '' },
        ],
      },
    });
    expect(res.status).toBe(207);
    expect(res.body.accepted).toEqual(['s-1', 's-2', 's-3']);
    expect(res.body.results).toEqual([
      { index: 0, status: 202, externalId: 's-1' },
      { index: 1, status: 202, externalId: 's-2' },
      { index: 2, status: 202, externalId: 's-3' },
      { index: 3, status: 400, fields: [{ field: 'body.items.3.rating', message: expect.stringMatching(/less than or equal to 5/) }] },
      { index: 4, status: 400, fields: [{ field: 'body.items.4.text', message: 'must not be empty' }] },
    ]);
    expect(res.body.batchId).toMatch(/^b-push-/);

    const items = await eventually(async () => {
      const list = await api.request('GET', '/v1/items?limit=10');
      return list.body.items.length === 3 ? list.body.items : undefined;
    });
    expect(items.map((i: { externalId: string }) => i.externalId)).toEqual(['s-1', 's-2', 's-3']);
    const [complaint, praise] = items;
    expect(complaint.classification.category).toBe('complaint');
    expect(complaint.classification.complaint).toEqual({ intent: 'instrumental', blame: 'ostensive' });
    expect(complaint.authorHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(items)).not.toMatch(/jane/i);
    expect(praise.text).toContain('[email]');
    expect(praise.classification.advocacy).toBe(true);
  });

  it('accepts a fully valid batch with 202 and pages newest first with a cursor', async () => {
    const base = Date.parse('2026-01-05T12:00:00Z');
    const res = await api.request('POST', '/v1/items', {
      body: {
        label: 'acme',
        items: Array.from({ length: 5 }, (_, i) => ({ externalId: `p-${i}`, text: `Question number ${i} about opening hours?`, publishedAt: new Date(base + i * 60_000).toISOString() })),
      },
    });
    expect(res.status).toBe(202);
    await eventually(async () => (await env.container.repos.feedback.count({ externalId: { $in: ['p-0', 'p-1', 'p-2', 'p-3', 'p-4'] } })) === 5);
    const q = '/v1/items?limit=2&from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z';
    const page1 = await api.request('GET', q);
    const page2 = await api.request('GET', `${q}&cursor=${page1.body.nextCursor}`);
    const page3 = await api.request('GET', `${q}&cursor=${page2.body.nextCursor}`);
    const ids = [...page1.body.items, ...page2.body.items, ...page3.body.items].map((i: { externalId: string }) => i.externalId);
    expect(ids).toEqual(['p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
    expect(page3.body.nextCursor).toBeNull();
  });

  it('validates queries and bodies with field names', async () => {
    const badQuery = await api.request('GET', '/v1/items?limit=0&category=angry');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['query.category', 'query.limit']);
    const badCursor = await api.request('GET', '/v1/items?cursor=xyz');
    expect(badCursor.body.fields[0].field).toBe('query.cursor');
    const badJson = await api.request('POST', '/v1/items', { rawBody: '{"items": [' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe('invalid_json');
    const tooMany = await api.request('POST', '/v1/items', { body: { items: Array.from({ length: 1001 }, () => ({ text: 'x' })) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields[0].field).toBe('body.items');
    const badTrend = await api.request('GET', '/v1/trends/buzz?interval=hour&from=2026-01-01&to=2026-03-01');
    expect(badTrend.status).toBe(400);
    expect(badTrend.body.fields[0]).toEqual({ field: 'query.from', message: 'range must be at most 31 days for interval=hour' });
    const backwards = await api.request('GET', '/v1/trends/buzz?from=2026-02-01&to=2026-01-01');
    expect(backwards.body.fields[0].field).toBe('query.to');
  });

  it('reports the pushed items in buzz and satisfaction trends', async () => {
    // Items are visible as soon as they are stored; counters follow within the same job.
    await eventually(async () => ((await env.container.queues.counts()).ingest.completed ?? 0) >= 2);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const buzz = await api.request('GET', `/v1/trends/buzz?interval=hour&from=${from}&to=${to}`, { key: ADMIN_KEY });
    expect(buzz.status).toBe(200);
    expect(buzz.body.buckets.length).toBeGreaterThanOrEqual(25);
    const total = buzz.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0);
    const categories = buzz.body.buckets.reduce((s: number, b: { categories: Record<string, number> }) => s + Object.values(b.categories).reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(3);
    expect(categories).toBe(3);
    const sat = await api.request('GET', `/v1/trends/satisfaction?interval=day&from=${from}&to=${to}`, { key: VIEWER_KEY });
    const ratings = sat.body.buckets.reduce((s: number, b: { rating: { count: number } }) => s + b.rating.count, 0);
    const nps = sat.body.buckets.reduce((s: number, b: { nps: { count: number } }) => s + b.nps.count, 0);
    expect(ratings).toBe(2);
    expect(nps).toBe(1);
  });

  it('shows queue counts to admins only', async () => {
    expect((await api.request('GET', '/v1/admin/queues')).status).toBe(403);
    const res = await api.request('GET', '/v1/admin/queues', { key: ADMIN_KEY });
    expect(res.status).toBe(200);
    expect(res.body.queues.ingest.completed).toBeGreaterThanOrEqual(2);
    expect(res.body.queues.ingest).toHaveProperty('failed');
  });
});
