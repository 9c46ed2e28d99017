/**
 * Every connector against a local stand-in of its API, through the real pipeline (poll → queue →
 * classify → MongoDB): pagination, checkpoint resume, 304, 429 with Retry-After, a timeout, a
 * malformed body and an oversized body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollSource, type PollSourceDeps } from '../../../src/domain/sources/poll-source.service.ts';
import type { StoredSource } from '../../../src/domain/sources/source.repository.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import {
  appstoreApi, atomApi, blueskyApi, hackernewsApi, jsonApi, mastodonApi, redditApi, startFixtureServer,
  type ApiEmulator, type FixtureServer,
} from './fixture-apis.ts';

interface Case {
  type: string;
  api: ApiEmulator;
  path: string;
  settings: Record<string, unknown>;
  /** A query parameter the resumed poll must send (the checkpoint), when the API has one. */
  resumeParam?: RegExp;
  /** Something checked on the stored items. */
  stored?: (items: any[]) => void;
}

const CASES: Case[] = [
  {
    type: 'mastodon', api: mastodonApi, path: '', settings: { hashtag: 'acmecoffee', limit: 3 }, resumeParam: /min_id=113/,
    stored: (items) => {
      expect(items.every((i) => i.reach > 0)).toBe(true);
      expect(items[0].text).not.toMatch(/<|&amp;/);
      // Handle-free permalinks: the status by its id on the polled instance, not /@kit/….
      expect(items.every((i) => /^http:\/\/127\.0\.0\.1:\d+\/web\/statuses\/113\d+$/.test(i.url))).toBe(true);
    },
  },
  {
    type: 'bluesky', api: blueskyApi, path: '', settings: { query: 'acme coffee', limit: 3 }, resumeParam: /since=20/,
    stored: (items) => {
      expect(items.every((i) => i.reach > 0)).toBe(true);
      // The post by its DID (as in its at:// id), not by the author's handle.
      expect(items.every((i) => /^https:\/\/bsky\.app\/profile\/did:plc:abc123xyz\/post\/3lbq\d+$/.test(i.url))).toBe(true);
    },
  },
  { type: 'hackernews', api: hackernewsApi, path: '', settings: { query: 'acme coffee', hitsPerPage: 3 }, resumeParam: /numericFilters=created_at_i%3E%3D\d+/, stored: (items) => expect(items.some((i) => i.reach > 0)).toBe(true) },
  { type: 'reddit', api: redditApi, path: '', settings: { query: 'acme coffee', limit: 3 }, stored: (items) => expect(items.every((i) => i.url.startsWith('https://www.reddit.com/r/Coffee/'))).toBe(true) },
  {
    type: 'appstore', api: appstoreApi, path: '', settings: { appId: '1234567890', country: 'us' },
    stored: (items) => {
      expect(items.every((i) => i.rating >= 1 && i.rating <= 5)).toBe(true);
      expect(items.every((i) => /^4\.\d+\.0$/.test(i.meta?.appVersion))).toBe(true);
    },
  },
  {
    type: 'json', api: jsonApi, path: '/mentions',
    settings: { itemsPath: 'data', fields: { id: 'id', text: 'body', publishedAt: 'created_at', author: 'user.handle', url: 'link', reach: 'stats.likes' }, pagination: { type: 'cursor', path: 'meta.next_cursor', param: 'cursor' } },
    stored: (items) => expect(items.every((i) => i.reach > 0)).toBe(true),
  },
  { type: 'rss', api: atomApi, path: '/feed.atom', settings: {} },
];

let env: TestEnv;
let workers: RunningWorkers;
let deps: PollSourceDeps;

beforeAll(async () => {
  env = await startTestEnv('connectors', {
    EARSHOT_HTTP_TIMEOUT_MS: '400',
    EARSHOT_HTTP_MAX_BYTES: String(64 * 1024),
    EARSHOT_HTTP_HOST_INTERVAL_MS: '0',
    EARSHOT_HTTP_SOURCE_INTERVAL_MS: '0',
    EARSHOT_HTTP_RETRIES: '1',
    EARSHOT_HTTP_MAX_RETRY_WAIT_MS: '5000',
  });
  workers = await startWorkers(env.container, testClassifier());
  const c = env.container;
  deps = { sources: c.repos.sources, queues: c.queues, http: c.http, logger: c.logger, authorSalt: c.config.privacy.authorSalt, batchSize: 4, secrets: {} };
});

afterAll(async () => {
  await workers?.close();
  await env?.teardown();
});

describe.each(CASES)('$type connector', (tc) => {
  let server: FixtureServer;
  let source: StoredSource;
  const sourceId = () => String(source._id);
  const poll = () => pollSource(deps, sourceId(), new Date(), { force: true });
  const stored = () => env.container.repos.feedback.count({ sourceId: sourceId() });

  beforeAll(async () => {
    server = await startFixtureServer(tc.api, 7);
    source = await env.container.repos.sources.create({
      name: tc.type, type: tc.type, url: `${server.url}${tc.path}`, kind: 'mention', label: 'acme', pollIntervalSec: 3600, enabled: true, settings: tc.settings,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('pages through the first poll and stores every item in MongoDB', async () => {
    const outcome = await poll();
    expect(outcome).toMatchObject({ status: 'polled', fetched: 7, queued: 7, invalid: 0 });
    expect(server.requests.length).toBeGreaterThan(1);
    expect(server.requests.every((r) => /^Earshot\//.test(String(r.headers['user-agent'])))).toBe(true);
    await eventually(async () => (await stored()) === 7);
    const items = (await env.container.repos.feedback.list({ sourceId: sourceId(), limit: 50 })).items;
    expect(items.map((i) => i.text).join('\n')).toMatch(/post 7: my order arrived damaged/);
    tc.stored?.(items);
  });

  it('resumes from its checkpoint: a second poll takes only what is new', async () => {
    server.add(2);
    const before = server.requests.length;
    const outcome = await poll();
    expect(outcome).toMatchObject({ status: 'polled', queued: 2 });
    const first = server.requests[before]!;
    if (tc.resumeParam) expect(first.url).toMatch(tc.resumeParam);
    await eventually(async () => (await stored()) === 9);
    const s = await env.container.repos.sources.findById(sourceId());
    expect(s!.checkpoint.seenIds.length).toBe(9);
  });

  it('sends the ETag back and takes a 304 as nothing new', async () => {
    const outcome = await poll();
    expect(outcome.status).toBe('not-modified');
    expect(server.requests.at(-1)).toMatchObject({ status: 304 });
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe('"v9"');
  });

  it('waits out a 429 Retry-After, then succeeds', async () => {
    server.add(1);
    server.fail('429', 1);
    const started = Date.now();
    const outcome = await poll();
    expect(outcome).toMatchObject({ status: 'polled', queued: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests.some((r) => r.status === 429)).toBe(true);
    await eventually(async () => (await stored()) === 10);
  });

  it('records a timeout on the source', async () => {
    server.fail('hang');
    const outcome = await poll();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/timed out after 400 ms/);
    const s = await env.container.repos.sources.findById(sourceId());
    expect(s!.health.consecutiveFailures).toBe(1);
    expect(new Date(s!.health.nextPollAfter!).getTime()).toBeGreaterThan(Date.now());
    // Backing off: a scheduled (not forced) poll is skipped.
    expect((await pollSource(deps, sourceId())).status).toBe('skipped');
  });

  it('records a malformed body on the source', async () => {
    server.fail('malformed');
    server.add(1);
    const outcome = await poll();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/malformed/i);
    const s = await env.container.repos.sources.findById(sourceId());
    expect(s!.health.consecutiveFailures).toBe(2);
  });

  it('refuses an oversized body, then recovers', async () => {
    server.fail('oversized');
    const outcome = await poll();
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.error).toMatch(/larger than 65536 bytes/);
    server.fail('none');
    expect(await poll()).toMatchObject({ status: 'polled', queued: 1 });
    const s = await env.container.repos.sources.findById(sourceId());
    expect(s!.health).toMatchObject({ consecutiveFailures: 0, lastError: null });
    await eventually(async () => (await stored()) === 11);
  });
});
