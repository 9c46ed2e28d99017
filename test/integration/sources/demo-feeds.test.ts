/** The demo's Mastodon- and Hacker News-shaped endpoints work with the real connectors (the demo uses four source types). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleFeedServer, type FeedServer } from '../../../src/demo/sample-feed-server.ts';
import { SAMPLE_HN_COMMENTS, SAMPLE_TOOTS } from '../../../src/demo/sample-texts.ts';
import { pollSource, type PollSourceDeps } from '../../../src/domain/sources/poll-source.service.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';

describe('demo feeds', () => {
  let env: TestEnv;
  let feeds: FeedServer;
  let deps: PollSourceDeps;

  beforeAll(async () => {
    env = await startTestEnv('demo_feeds', { EARSHOT_HTTP_HOST_INTERVAL_MS: '0', EARSHOT_HTTP_SOURCE_INTERVAL_MS: '0' });
    feeds = await startSampleFeedServer({ liveEveryMs: 3_600_000 });
    const c = env.container;
    deps = { sources: c.repos.sources, queues: c.queues, http: c.http, logger: c.logger, authorSalt: c.config.privacy.authorSalt, batchSize: 50 };
  });
  afterAll(async () => {
    await feeds?.close();
    await env?.teardown();
  });

  it('serves a Mastodon hashtag timeline with Link pagination and min_id', async () => {
    const source = await env.container.repos.sources.create({ name: 'm', type: 'mastodon', url: feeds.url, kind: 'mention', label: 'acme', pollIntervalSec: 60, enabled: true, settings: { hashtag: 'acmecoffee', limit: 3 } });
    expect(await pollSource(deps, String(source._id))).toMatchObject({ status: 'polled', queued: SAMPLE_TOOTS.length });
    const again = await pollSource(deps, String(source._id));
    expect(again.queued).toBe(0);
  });

  it('lets only one poll of a source run at a time', async () => {
    const source = await env.container.repos.sources.create({ name: 'm2', type: 'mastodon', url: feeds.url, kind: 'mention', label: 'acme', pollIntervalSec: 60, enabled: true, settings: { hashtag: 'acmecoffee' } });
    const outcomes = await Promise.all([pollSource(deps, String(source._id)), pollSource(deps, String(source._id), new Date(), { force: true })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['polled', 'skipped']);
    const stored = await env.container.repos.sources.findById(String(source._id));
    expect(stored!.stats.received).toBe(SAMPLE_TOOTS.length);
    expect((await pollSource(deps, String(source._id))).status).toBe('polled');
  });

  it('serves Algolia-shaped Hacker News search; the exclude list drops the hiring post', async () => {
    const source = await env.container.repos.sources.create({ name: 'hn', type: 'hackernews', url: feeds.url, kind: 'mention', label: 'acme', pollIntervalSec: 60, enabled: true, settings: { query: 'acme coffee', tags: 'comment', hitsPerPage: 4 }, exclude: ['hiring'] });
    expect(await pollSource(deps, String(source._id))).toMatchObject({ status: 'polled', queued: SAMPLE_HN_COMMENTS.length - 1, excluded: 1 });
  });
});
