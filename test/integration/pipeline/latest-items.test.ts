/**
 * The first page of `GET /v1/items` (limit ≤ 50, filtered by label, source and kind at most) comes
 * from the newest-items index in Redis (latest-items.index.ts). Every check compares it with the
 * same query answered by the store (a `from` filter that every item passes sends it there): the
 * same items, in the same order, with the same next cursor — after ingest, ties, a backfill, a
 * redelivery, an erasure, a retention purge, a flush, and the races a seed can meet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import type { FeedbackKind } from '../../../src/domain/classification/classification.types.ts';
import { subjectOf } from '../../../src/domain/data-rights/subject.ts';
import type { FeedbackItemDoc } from '../../../src/domain/feedback/feedback-item.model.ts';
import type { ItemQuery } from '../../../src/domain/feedback/feedback.repository.ts';
import { itemIdFor, storeAndCount } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { LatestItemsIndex } from '../../../src/domain/feedback/latest-items.index.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { dayKey, hourKey, isoWeekKey } from '../../../src/domain/trends/buckets.ts';
import { deleteKeysWithPrefix } from '../../../src/infra/redis.ts';
import { labels } from '../../support/classification.ts';
import { listen } from '../../support/http.ts';
import { ADMIN_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';

let env: TestEnv;
const NOW = Date.now();
const HOUR = 3_600_000;
const LABELS = ['acme', 'rival', 'odd*|label'];
const SOURCES = ['s1', 's2', 's3'];
const KINDS: FeedbackKind[] = ['mention', 'review', 'survey'];

interface Spec {
  externalId: string;
  label: string;
  sourceId: string;
  kind: FeedbackKind;
  publishedAt: Date;
  author?: string;
}

function doc(s: Spec): FeedbackItemDoc {
  return {
    sourceId: s.sourceId,
    label: s.label,
    kind: s.kind,
    externalId: s.externalId,
    authorHash: hashAuthor(s.author ?? `author-${s.externalId}`, env.config.privacy.authorSalt),
    text: `item ${s.externalId}`,
    language: 'en',
    publishedAt: s.publishedAt,
    ingestedAt: new Date(),
    hour: hourKey(s.publishedAt),
    day: dayKey(s.publishedAt),
    week: isoWeekKey(s.publishedAt),
    classification: labels(),
    modelVersion: 'fixture',
  };
}

/** Stores one batch per source through the real ingest step, as the classify worker does. */
async function store(specs: Spec[], batchTag = 'b'): Promise<void> {
  const c = env.container;
  for (const sourceId of new Set(specs.map((s) => s.sourceId))) {
    const docs = specs.filter((s) => s.sourceId === sourceId).map(doc);
    await storeAndCount({ feedback: c.repos.feedback, counters: c.repos.counters }, `${batchTag}|${sourceId}|${docs[0]!.externalId}`, docs);
  }
}

function specs(prefix: string, n: number, at: (i: number) => number): Spec[] {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}${i}`,
    label: LABELS[i % 3]!,
    sourceId: SOURCES[(i >> 1) % 3]!,
    kind: KINDS[(i >> 2) % 3]!,
    publishedAt: new Date(at(i)),
    author: `author-${prefix}${i % 5}`,
  }));
}

type Scope = Pick<ItemQuery, 'label' | 'sourceId' | 'kind'>;
const SCOPES: Scope[] = [
  {},
  { label: 'acme' },
  { label: 'odd*|label' },
  { sourceId: 's2' },
  { kind: 'review' },
  { label: 'acme', sourceId: 's1' },
  { label: 'odd*|label', sourceId: 's3', kind: 'mention' },
  { label: 'nobody' },
];

const ids = (page: { items: Array<{ _id: unknown }> }) => page.items.map((i) => String(i._id));

/** Reads each scope twice (the first read may seed the index) and compares both with the store. */
async function expectIndexEqualsStore(limits = [5, 50]): Promise<void> {
  const feedback = env.container.repos.feedback;
  for (const scope of SCOPES) {
    // One store read per scope: a page of `limit` is its first `limit` items, and a next cursor at the last of them if more follow.
    const newest = (await feedback.list({ ...scope, limit: 100, from: new Date(0) })).items;
    for (const limit of limits) {
      const items = newest.slice(0, limit);
      const fromStore = { items, next: newest.length > limit ? { publishedAt: items[limit - 1]!.publishedAt, id: String(items[limit - 1]!._id) } : null };
      for (let read = 0; read < 2; read++) {
        const page = await feedback.list({ ...scope, limit });
        expect({ scope, limit, ids: ids(page) }).toEqual({ scope, limit, ids: ids(fromStore) });
        expect(page).toEqual(fromStore);
      }
    }
  }
}

const setOf = (scope: string) => env.container.redis.zrevrange(`${env.config.queue.prefix}:items:latest:${scope}`, 0, -1);

beforeAll(async () => {
  env = await startTestEnv('latest_items', { EARSHOT_RETENTION_DAYS: 'mentions:21' });
  // 150 items over the last 150 hours, every fourth one sharing its hour with the next (ties ordered by id).
  await store(specs('a', 150, (i) => NOW - HOUR * (i - (i % 4 === 1 ? 1 : 0))));
});

afterAll(async () => env?.teardown());

describe('the newest-items index', () => {
  it('answers first pages like the store, and holds the newest ids of each scope, at most 100', async () => {
    await expectIndexEqualsStore([1, 5, 20, 50]);
    // Seeded by the reads: the newest 51 (the largest page and one), in the store's order.
    const all = await setOf('*|*|*');
    expect(all).toHaveLength(51);
    expect(all).toEqual(ids(await env.container.repos.feedback.list({ limit: 51, from: new Date(0) })));
    // Then it grows with new items, up to 100.
    await store(specs('more', 60, (i) => NOW + 1000 * (i + 1)));
    expect(await setOf('*|*|*')).toHaveLength(100);
    await expectIndexEqualsStore([50]);
  });

  it('is what GET /v1/items serves, next cursor included', async () => {
    const api = await listen(createApp(env.container), ADMIN_KEY);
    try {
      const fast = await api.request('GET', '/v1/items?limit=5&label=acme');
      const slow = await api.request('GET', `/v1/items?limit=5&label=acme&from=${new Date(0).toISOString()}`);
      expect(fast.status).toBe(200);
      expect(fast.body.items).toEqual(slow.body.items);
      expect(fast.body.items).toHaveLength(5);
      const next = await api.request('GET', `/v1/items?limit=5&label=acme&cursor=${fast.body.nextCursor}`);
      expect(next.body.items.map((i: { id: string }) => i.id)).toEqual(
        (await api.request('GET', `/v1/items?limit=10&label=acme&from=${new Date(0).toISOString()}`)).body.items.slice(5).map((i: { id: string }) => i.id),
      );
    } finally {
      await api.close();
    }
  });

  it('takes new items, keeps backfilled old ones out of a partial set, and changes nothing on a redelivery', async () => {
    await store(specs('new', 9, (i) => NOW + 60_000 * (i + 1)));
    await store(specs('old', 9, (i) => NOW - 500 * HOUR - i * HOUR));
    await store(specs('new', 9, (i) => NOW + 60_000 * (i + 1)));
    await expectIndexEqualsStore();
    const all = await setOf('*|*|*');
    expect(all).toContain(String(itemIdFor('s1', 'new0')));
    expect(all).not.toContain(String(itemIdFor('s1', 'old0')));
  });

  it('loses erased items (and an erasure of the newest ones still leaves correct pages)', async () => {
    // author-new0 wrote new0 and new5, among the newest; author-a0 wrote every fifth of the first 150.
    await env.container.privacy.subjects.erase(subjectOf(['author-new0', 'author-a0'], env.config.privacy.authorSalt), 'dpo');
    await expectIndexEqualsStore();
    expect(await setOf('*|*|*')).not.toContain(String(itemIdFor('s1', 'new0')));
  });

  it('is seeded again from the store after Redis lost it (a FLUSHALL)', async () => {
    await deleteKeysWithPrefix(env.container.redis, env.config.queue.prefix);
    await expectIndexEqualsStore([5, 50]);
    expect(await setOf('*|*|*')).toHaveLength(51);
  });

  it('drops an id whose item is gone and answers from the store (an erasure that raced a seed)', async () => {
    const index = new LatestItemsIndex(env.container.redis, env.config.queue.prefix);
    const ghost = { _id: itemIdFor('s9', 'ghost'), label: 'acme', sourceId: 's1', kind: 'mention' as const, publishedAt: new Date(NOW + 100 * HOUR) };
    await index.add([ghost]);
    expect(await setOf('*|*|*')).toContain(String(ghost._id));
    await expectIndexEqualsStore([5]);
    expect(await setOf('*|*|*')).not.toContain(String(ghost._id));
  });

  it('does not seed from a store read that may have missed an item turned away meanwhile', async () => {
    const index = new LatestItemsIndex(env.container.redis, env.config.queue.prefix);
    const scope = { label: 'acme', sourceId: 's2' };
    await env.container.repos.feedback.list({ ...scope, limit: 3 });
    // The set now holds the scope's 4 newest. Ask for more than it holds: the store must answer.
    const read = await index.newest(scope, 21);
    expect(read.ids).toBeNull();
    // Meanwhile an item older than the set's lowest arrives: turned away (the set is a prefix).
    await store([{ externalId: 'late', label: 'acme', sourceId: 's2', kind: 'review', publishedAt: new Date(NOW - 40 * HOUR) }]);
    // A read made before it arrived must not seed the set.
    const stale = (await env.container.repos.feedback.list({ ...scope, limit: 30, from: new Date(0) })).items.filter((i) => i.externalId !== 'late');
    await index.seed(scope, stale.slice(0, 21), false, read.ids === null ? read.skips : '0');
    expect(await setOf('acme|s2|*')).toHaveLength(4);
    await expectIndexEqualsStore([5, 20]);
  });

  it('loses items purged by retention', async () => {
    // Mentions are kept 21 days: 21 days and 50 hours from now, those older than 50 hours go.
    const purged = await env.container.privacy.retention.purge(new Date(NOW + 21 * 24 * HOUR + 50 * HOUR));
    expect(purged.mention!.items).toBeGreaterThan(20);
    await expectIndexEqualsStore();
    expect((await env.container.repos.feedback.list({ kind: 'mention', limit: 50 })).items.every((i) => i.publishedAt.getTime() >= NOW - 50 * HOUR)).toBe(true);
  });
  it('a batch larger than a set keeps makes a whole scope a prefix, holding its newest items', async () => {
    const scope = { label: 'bulk' };
    // The scope is empty, so its first read seeds it whole.
    expect((await env.container.repos.feedback.list({ ...scope, limit: 5 })).items).toEqual([]);
    expect(await env.container.redis.hget(`${env.config.queue.prefix}:items:latest`, 'bulk|*|*')).toBe('w');
    // One batch of 150 (the index sends its 100 newest and says 50 were left out).
    await store(Array.from({ length: 150 }, (_, i) => ({ externalId: `bulk${i}`, label: 'bulk', sourceId: 's1', kind: 'survey' as const, publishedAt: new Date(NOW - 7 * HOUR + (i % 40) * 1000) })));
    expect(await env.container.redis.hget(`${env.config.queue.prefix}:items:latest`, 'bulk|*|*')).toBe('p');
    const newest = (await env.container.repos.feedback.list({ ...scope, limit: 100, from: new Date(0) })).items;
    expect(await setOf('bulk|*|*')).toEqual(ids({ items: newest }));
    for (const limit of [5, 50]) expect(ids(await env.container.repos.feedback.list({ ...scope, limit }))).toEqual(ids({ items: newest.slice(0, limit) }));
  });
});
