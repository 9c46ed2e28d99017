/**
 * Through the API and workers on real services: signed survey webhooks (401 missing/wrong, 409
 * replay), keyword lists (excluded items counted, not stored), cross-source duplicates (stored
 * with duplicateOf, counted once in buzz) and source health with items in the last 24 h.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { signWebhook } from '../../../src/domain/sources/webhook-signature.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { jsonApi, mastodonCrossPostApi, startFixtureServer, type FixtureServer } from './fixture-apis.ts';

let env: TestEnv;
let workers: RunningWorkers;
let api: TestApi;

beforeAll(async () => {
  env = await startTestEnv('webhooks', { EARSHOT_HTTP_HOST_INTERVAL_MS: '0', EARSHOT_HTTP_SOURCE_INTERVAL_MS: '0' });
  workers = await startWorkers(env.container, testClassifier());
  api = await listen(createApp(env.container), ADMIN_KEY);
});

afterAll(async () => {
  await api?.close();
  await workers?.close();
  await env?.teardown();
});

const buzzTotal = async (query = '') => {
  const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const res = await api.request('GET', `/v1/trends/buzz?interval=day&from=${from}&to=${to}${query}`);
  expect(res.status).toBe(200);
  return res.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0) as number;
};

async function deliver(sourceId: string, secret: string, body: unknown, opts: { id?: string; timestamp?: number; signature?: string | null } = {}) {
  const raw = JSON.stringify(body);
  const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts) };
  const signature = opts.signature === undefined ? signWebhook(secret, id, ts, raw) : opts.signature;
  if (signature !== null) headers['webhook-signature'] = signature;
  const res = await fetch(`${api.url}/v1/webhooks/${sourceId}`, { method: 'POST', headers, body: raw });
  return { status: res.status, body: (await res.json()) as any, id };
}

describe('survey webhooks', () => {
  let sourceId: string;
  let secret: string;

  beforeAll(async () => {
    const created = await api.request('POST', '/v1/sources', {
      body: { type: 'push', kind: 'survey', label: 'acme-nps', settings: { itemsPath: 'responses', fields: { id: 'response_id', text: 'answers.comment', nps: 'answers.score' } } },
    });
    expect(created.status).toBe(201);
    sourceId = created.body.id;
    secret = created.body.webhookSecret;
    expect(secret).toMatch(/^whsec_/);
    const shown = await api.request('GET', `/v1/sources/${sourceId}`);
    expect(JSON.stringify(shown.body)).not.toContain(secret.slice(6));
    expect(shown.body.webhook).toEqual({ path: `/v1/webhooks/${sourceId}`, secretSet: true });
    const raw = await env.container.mongo.collection('sources').findOne({});
    expect(JSON.stringify(raw)).not.toContain(secret.slice(6));
  });

  const body = {
    event: 'survey.completed',
    responses: [
      { response_id: 'r-1', answers: { comment: 'Support answered in minutes and fixed my billing problem, thank you!', score: 10 } },
      { response_id: 'r-2', answers: { comment: 'The app logs me out every day, please fix it.', score: '3' } },
      { response_id: 'r-3', answers: { comment: '', score: 5 } },
    ],
  };

  it('accepts a signed delivery and stores the valid responses through the pipeline', async () => {
    const res = await deliver(sourceId, secret, body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ received: 3, accepted: 2, invalid: 1 });
    await eventually(async () => (await env.container.repos.feedback.count({ sourceId })) === 2);
    const items = (await api.request('GET', `/v1/items?source=${sourceId}`)).body.items;
    expect(items.map((i: any) => i.nps).sort()).toEqual([10, 3]);
  });

  it('queues and counts a response redelivered under a new webhook-id once', async () => {
    const before = (await api.request('GET', `/v1/sources/${sourceId}`)).body.stats.received;
    const again = await deliver(sourceId, secret, body);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ received: 3, redelivered: 3, accepted: 0 });
    const shown = (await api.request('GET', `/v1/sources/${sourceId}`)).body;
    expect(shown.stats.received).toBe(before);
    expect(shown.stats.received).toBe(await env.container.repos.feedback.count({ sourceId }));
  });

  it('answers 409 to a replayed delivery', async () => {
    const first = await deliver(sourceId, secret, { responses: [{ response_id: 'r-9', answers: { comment: 'Fine overall, nothing special to report here.', score: 7 } }] }, { id: 'msg_fixed' });
    expect(first.status).toBe(202);
    const again = await deliver(sourceId, secret, { responses: [{ response_id: 'r-9', answers: { comment: 'Fine overall, nothing special to report here.', score: 7 } }] }, { id: 'msg_fixed' });
    expect(again.status).toBe(409);
  });

  it('answers 401 to a missing, wrong or stale signature, and to an unknown source', async () => {
    expect((await deliver(sourceId, secret, body, { signature: null })).status).toBe(401);
    expect((await deliver(sourceId, 'whsec_' + Buffer.from('another-secret-entirely').toString('base64'), body)).status).toBe(401);
    const stale = await deliver(sourceId, secret, body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toMatch(/5 minutes/);
    expect((await deliver('65a000000000000000000000', secret, body)).status).toBe(401);
    // A body changed after signing fails too.
    const id = 'msg_tampered';
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${api.url}/v1/webhooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, JSON.stringify(body)) },
      body: JSON.stringify({ ...body, event: 'x' }),
    });
    expect(res.status).toBe(401);
  });

  it('can rotate the secret; the old one stops working', async () => {
    const rotated = await api.request('POST', `/v1/sources/${sourceId}/webhook-secret`, { body: {} });
    expect(rotated.status).toBe(201);
    expect((await deliver(sourceId, secret, body)).status).toBe(401);
    expect((await deliver(sourceId, rotated.body.webhookSecret, { responses: [] })).status).toBe(202);
  });
});

describe('relevance, duplicates and health', () => {
  let mentions: FixtureServer;
  let toots: FixtureServer;

  beforeAll(async () => {
    mentions = await startFixtureServer(jsonApi, 6);
    toots = await startFixtureServer(mastodonCrossPostApi, 6);
  });
  afterAll(async () => {
    await mentions?.close();
    await toots?.close();
  });

  it('drops excluded items before classification, counts them on the source, and counts cross-posts once', async () => {
    const mappingSettings = {
      itemsPath: 'data',
      fields: { id: 'id', text: 'body', publishedAt: 'created_at', reach: 'stats.likes' },
      pagination: { type: 'cursor', path: 'meta.next_cursor', param: 'cursor' },
    };
    // Posts whose text mentions "decaf" or "whole beans" are not about the brand question we track.
    const a = await api.request('POST', '/v1/sources', {
      body: { type: 'json', url: `${mentions.url}/mentions`, kind: 'mention', label: 'acme', pollIntervalSec: 3600, settings: mappingSettings, exclude: ['decaf'] },
    });
    expect(a.status).toBe(201);
    const sourceA = a.body.id;
    await eventually(async () => (await api.request('GET', `/v1/sources/${sourceA}`)).body.health.lastSuccessAt);
    const decaf = mentions.posts.filter((p) => /decaf/.test(p.text)).length;
    expect(decaf).toBeGreaterThan(0);
    await eventually(async () => (await env.container.repos.feedback.count({ sourceId: sourceA })) === 6 - decaf);
    const shown = (await api.request('GET', `/v1/sources/${sourceA}`)).body;
    expect(shown.stats).toMatchObject({ received: 6 - decaf, excluded: decaf });
    expect(shown.health).toMatchObject({ itemsLast24h: 6 - decaf, consecutiveFailures: 0, lastError: null });
    expect(shown.exclude).toEqual(['decaf']);

    // The same six texts cross-posted to Mastodon (HTML, with an @mention): stored, marked, not counted again.
    const buzzBefore = await eventually(async () => {
      const n = await buzzTotal(`&source=${sourceA}`);
      return n === 6 - decaf ? n : undefined;
    });
    const b = await api.request('POST', '/v1/sources', {
      body: { type: 'mastodon', url: toots.url, kind: 'mention', label: 'acme', pollIntervalSec: 3600, settings: { hashtag: 'acmecoffee' } },
    });
    const sourceB = b.body.id;
    await eventually(async () => (await env.container.repos.feedback.count({ sourceId: sourceB })) === 6);
    // Duplicates are marked just after the upsert, before counting.
    await eventually(async () => (await env.container.repos.feedback.count({ sourceId: sourceB, duplicateOf: { $ne: null } })) === 6 - decaf);
    await eventually(async () => (await buzzTotal(`&source=${sourceB}`)) === decaf);
    expect(buzzBefore).toBe(6 - decaf);
    // The kind rollup is written beside the source rollups: wait for it too.
    await eventually(async () => (await buzzTotal('&kind=mention')) === 6);
  });
});
