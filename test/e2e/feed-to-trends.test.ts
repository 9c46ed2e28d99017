/**
 * End to end on real services: feed server → scheduled poll → classify → MongoDB → trends API.
 * Re-polling adds nothing; a malformed feed is reported on its source without stopping others.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { startSampleFeedServer, type FeedServer } from '../../src/demo/sample-feed-server.ts';
import { SAMPLE_MENTIONS, SAMPLE_REVIEWS } from '../../src/demo/sample-texts.ts';
import { startWorkers, type RunningWorkers } from '../../workers/start-workers.ts';
import { ADMIN_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../support/test-env.ts';
import { listen, type TestApi } from '../support/http.ts';

describe('feed → poll → classify → store → trends', () => {
  let env: TestEnv;
  let workers: RunningWorkers;
  let api: TestApi;
  let feeds: FeedServer;
  let broken: Server;
  let brokenUrl: string;

  beforeAll(async () => {
    env = await startTestEnv('e2e');
    workers = await startWorkers(env.container, testClassifier());
    api = await listen(createApp(env.container), ADMIN_KEY);
    feeds = await startSampleFeedServer({ liveEveryMs: 3_600_000 });
    broken = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item><title>oops'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/feed.rss`;
  });

  afterAll(async () => {
    await api?.close();
    await workers?.close();
    await feeds?.close();
    if (broken) await new Promise((r) => broken.close(r));
    await env?.teardown();
  });

  const buzzTotal = async (query = '') => {
    const res = await api.request('GET', `/v1/trends/buzz?interval=day&from=${new Date(Date.now() - 5 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}${query}`);
    expect(res.status).toBe(200);
    return res.body.buckets.reduce((s: number, b: { volume: number }) => s + b.volume, 0) as number;
  };

  it('polls feeds into trends, ignores re-polls, and isolates a malformed feed', async () => {
    const mentionSettings = { itemsPath: 'data', html: true, fields: { id: 'id', text: 'content', publishedAt: 'created_at', author: 'account.acct', reach: 'favourites_count' } };
    const created = await Promise.all([
      api.request('POST', '/v1/sources', { body: { type: 'rss', url: `${feeds.url}/reviews.rss`, kind: 'review', label: 'acme', pollIntervalSec: 3600 } }),
      api.request('POST', '/v1/sources', { body: { type: 'json', url: `${feeds.url}/mentions/acme.json`, kind: 'mention', label: 'acme', pollIntervalSec: 3600, settings: mentionSettings } }),
      api.request('POST', '/v1/sources', { body: { type: 'rss', url: brokenUrl, kind: 'review', label: 'broken', pollIntervalSec: 3600 } }),
    ]);
    expect(created.map((r) => r.status)).toEqual([201, 201, 201]);
    const [reviews, mentions, malformed] = created.map((r) => r.body.id as string);

    const acmeMentions = SAMPLE_MENTIONS.filter((m) => !m.text.includes('@RivalRoast') || m.text.includes('@AcmeCoffee')).length;
    const expected = SAMPLE_REVIEWS.length + acmeMentions;
    // The job scheduler polls each new source at once; trends show every item.
    await eventually(async () => (await buzzTotal()) === expected, 20_000);
    await eventually(async () => (await buzzTotal(`&source=${reviews}`)) === SAMPLE_REVIEWS.length);
    // A batch writes its overall, kind, label and source rollups side by side: wait for each view.
    await eventually(async () => (await buzzTotal('&kind=mention')) === acmeMentions);

    const failing = await eventually(async () => {
      const s = await api.request('GET', `/v1/sources/${malformed}`);
      return s.body.health.lastError ? s.body : undefined;
    });
    expect(failing.health.lastError).toMatch(/malformed feed/);
    expect(failing.health.consecutiveFailures).toBeGreaterThanOrEqual(1);
    expect(failing.enabled).toBe(true);

    // Re-poll everything: conditional GET and checkpoints mean nothing new is stored.
    const before = await env.container.repos.feedback.count();
    for (const id of [reviews, mentions]) expect((await api.request('POST', `/v1/sources/${id}/poll`)).status).toBe(202);
    await eventually(async () => {
      const counts = await env.container.queues.counts();
      return counts.poll.waiting === 0 && counts.poll.active === 0 && counts.ingest.waiting === 0 && counts.ingest.active === 0;
    });
    const healthy = await api.request('GET', `/v1/sources/${reviews}`);
    expect(healthy.body.health.lastSuccessAt).not.toBeNull();
    expect(healthy.body.health.consecutiveFailures).toBe(0);
    expect(await env.container.repos.feedback.count()).toBe(before);
    expect(await buzzTotal()).toBe(expected);

    // Wiping the checkpoint forces a full re-read: upserts still store no duplicate.
    const polledAt = (await api.request('GET', `/v1/sources/${reviews}`)).body.health.lastPolledAt;
    await env.container.repos.sources.update(reviews!, { checkpoint: { seenIds: [] } });
    await api.request('POST', `/v1/sources/${reviews}/poll`);
    await eventually(async () => (await api.request('GET', `/v1/sources/${reviews}`)).body.health.lastPolledAt !== polledAt);
    await eventually(async () => {
      const counts = await env.container.queues.counts();
      return counts.poll.active === 0 && counts.ingest.waiting === 0 && counts.ingest.active === 0;
    });
    expect(await env.container.repos.feedback.count()).toBe(before);
    expect(await buzzTotal()).toBe(expected);
  });
});
