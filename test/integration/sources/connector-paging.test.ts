/**
 * No item lost to paging or clocks, for every polled connector against its API stand-in and the
 * real pipeline: a backlog three times a poll's cap arrives over the next polls (the checkpoint
 * keeps where the poll stopped), and an item published later within the checkpoint's own second
 * still arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollSource, type PollOutcome, type PollSourceDeps } from '../../../src/domain/sources/poll-source.service.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { appstoreApi, atomApi, blueskyApi, hackernewsApi, jsonApi, mastodonApi, redditApi, startFixtureServer, type ApiEmulator, type FixtureServer } from './fixture-apis.ts';

/** Every case reads at most two pages of three per poll: a cap of 6. */
const CAP = 6;
const PAGE = 3;

const CASES: Array<{ type: string; api: ApiEmulator; path: string; settings: Record<string, unknown> }> = [
  { type: 'mastodon', api: mastodonApi, path: '', settings: { hashtag: 'acmecoffee', limit: 3, maxPages: 2 } },
  { type: 'bluesky', api: blueskyApi, path: '', settings: { query: 'acme coffee', limit: 3, maxPages: 2 } },
  { type: 'hackernews', api: hackernewsApi, path: '', settings: { query: 'acme coffee', hitsPerPage: 3, maxPages: 2 } },
  { type: 'reddit', api: redditApi, path: '', settings: { query: 'acme coffee', limit: 3, maxPages: 2 } },
  { type: 'appstore', api: appstoreApi, path: '', settings: { appId: '1234567890', maxPages: 2 } },
  {
    type: 'json', api: jsonApi, path: '/mentions',
    settings: { itemsPath: 'data', fields: { id: 'id', text: 'body', publishedAt: 'created_at' }, pagination: { type: 'cursor', path: 'meta.next_cursor', param: 'cursor' }, maxPages: 2 },
  },
  { type: 'rss', api: atomApi, path: '/feed.atom', settings: { maxPages: 2 } },
];

let env: TestEnv;
let workers: RunningWorkers;
let deps: PollSourceDeps;

beforeAll(async () => {
  env = await startTestEnv('paging', { EARSHOT_HTTP_HOST_INTERVAL_MS: '0', EARSHOT_HTTP_SOURCE_INTERVAL_MS: '0' });
  workers = await startWorkers(env.container, testClassifier());
  const c = env.container;
  deps = { sources: c.repos.sources, queues: c.queues, http: c.http, logger: c.logger, authorSalt: c.config.privacy.authorSalt, batchSize: 4, secrets: {} };
});

afterAll(async () => {
  await workers?.close();
  await env?.teardown();
});

describe.each(CASES)('$type connector', (tc) => {
  const servers: FixtureServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  async function sourceWith(initial: number) {
    const server = await startFixtureServer(tc.api, initial);
    servers.push(server);
    const source = await env.container.repos.sources.create({
      name: tc.type, type: tc.type, url: `${server.url}${tc.path}`, kind: 'mention', label: 'acme', pollIntervalSec: 3600, enabled: true, settings: tc.settings,
    });
    const id = String(source._id);
    return {
      server,
      checkpoint: async () => (await env.container.repos.sources.findById(id))!.checkpoint,
      poll: () => pollSource(deps, id, new Date(), { force: true }),
      storedTexts: async () => (await env.container.repos.feedback.list({ sourceId: id, limit: 100 })).items.map((i) => i.text),
    };
  }
  const postNumbers = (texts: string[]) => texts.map((t) => Number(/post (\d+):/.exec(t)?.[1])).sort((a, b) => a - b);

  it(`reads a backlog of ${3 * CAP} (three polls' cap) to the end over the next polls`, async () => {
    const { server, poll, storedTexts, checkpoint } = await sourceWith(2);
    expect(await poll()).toMatchObject({ status: 'polled', queued: 2 });
    server.add(3 * CAP);
    const outcomes: PollOutcome[] = [];
    for (let i = 0; i < 6; i++) {
      const outcome = await poll();
      outcomes.push(outcome);
      if (outcome.queued === 0) break;
    }
    // Each poll stops at its cap (a page over at most), and the polls together take every post once.
    expect(outcomes.every((o) => o.queued <= CAP + PAGE)).toBe(true);
    expect(outcomes.reduce((n, o) => n + o.queued, 0)).toBe(3 * CAP);
    await eventually(async () => (await storedTexts()).length === 2 + 3 * CAP);
    expect(postNumbers(await storedTexts())).toEqual(Array.from({ length: 2 + 3 * CAP }, (_, i) => i + 1));
    expect((await checkpoint()).backlog ?? null).toBeNull();
  });

  it('keeps an item published later within the checkpoint’s second', async () => {
    const { server, poll, storedTexts } = await sourceWith(2);
    expect(await poll()).toMatchObject({ status: 'polled', queued: 2 });
    server.add(1);
    expect(await poll()).toMatchObject({ status: 'polled', queued: 1 });
    server.addSameSecond();
    await poll();
    await poll();
    await eventually(async () => (await storedTexts()).length === 4);
    expect(postNumbers(await storedTexts())).toEqual([1, 2, 3, 4]);
  });
});

describe('hackernews connector, many hits in the checkpoint’s second', () => {
  it('reads one page of them on later polls, not every page again', async () => {
    const server = await startFixtureServer(hackernewsApi, 2);
    try {
      const source = await env.container.repos.sources.create({
        name: 'hn', type: 'hackernews', url: server.url, kind: 'mention', label: 'acme', pollIntervalSec: 3600, enabled: true, settings: { query: 'acme coffee', hitsPerPage: 3, maxPages: 5 },
      });
      const poll = () => pollSource(deps, String(source._id), new Date(), { force: true });
      await poll();
      server.add(1);
      for (let i = 0; i < 8; i++) server.addSameSecond();
      expect(await poll()).toMatchObject({ status: 'polled', queued: 9 });
      // Something new elsewhere changes the ETag, so the next poll really asks.
      server.addSameSecond();
      const before = server.requests.length;
      expect(await poll()).toMatchObject({ status: 'polled', queued: 1 });
      // The new hit's page and one page already seen, of the four the checkpoint's second fills.
      expect(server.requests.length - before).toBe(2);
    } finally {
      await server.close();
    }
  });
});
