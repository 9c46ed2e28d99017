/**
 * Cross-source duplicates through the real ingest step: fingerprint claims in Redis decide the
 * original, and a redelivered batch gets the same answers as its first delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch, itemIdFor, type IngestDeps } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { itemFingerprint } from '../../../src/domain/feedback/fingerprint.ts';
import { deleteKeysWithPrefix } from '../../../src/infra/redis.ts';
import type { JobPayload } from '../../../src/queue/jobs.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const SHARED = 'The barista at the Leeds shop remembered my order again today, lovely touch';
const REPOST = `RT @acme: ${SHARED.toUpperCase()}!!! https://t.co/x1`;

/** The fingerprint of an `acme` mention: the scope every batch here uses. */
const textFingerprint = (text: string) => itemFingerprint({ text, label: 'acme', kind: 'mention', authorHash: null });

let env: TestEnv;
let deps: IngestDeps;

function batch(sourceId: string, batchId: string, items: Array<{ externalId: string; text: string }>): JobPayload<'classify-batch'> {
  const publishedAt = new Date(Date.now() - 3_600_000).toISOString();
  return { batchId, sourceId, label: 'acme', kind: 'mention', items: items.map((i) => ({ ...i, authorHash: null, publishedAt })) };
}

async function duplicateOf(sourceId: string, externalId: string): Promise<string | null | undefined> {
  const [item] = await env.container.repos.feedback.findByIds([itemIdFor(sourceId, externalId)]);
  return item?.duplicateOf;
}

beforeAll(async () => {
  env = await startTestEnv('dup_claims', { EARSHOT_DUPLICATE_WINDOW_DAYS: '3' });
  deps = { classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters };
});

afterAll(async () => {
  await env?.teardown();
});

describe('fingerprint claims in Redis', () => {
  it('marks a cross-post from another source as a duplicate of the first item, and counts it once', async () => {
    const first = await ingestBatch(deps, batch('bluesky', 'b1', [{ externalId: 'p1', text: SHARED }, { externalId: 'p2', text: 'Checkout kept failing on the app, three times in a row now' }]));
    expect(first).toMatchObject({ inserted: 2, counted: 2, duplicates: 0 });
    const second = await ingestBatch(deps, batch('mastodon', 'm1', [{ externalId: 't1', text: REPOST }, { externalId: 't2', text: 'A different text that nobody else has posted anywhere yet' }]));
    expect(second).toMatchObject({ inserted: 2, counted: 1, duplicates: 1 });
    const original = String(itemIdFor('bluesky', 'p1'));
    expect(await duplicateOf('bluesky', 'p1')).toBeNull();
    expect(await duplicateOf('mastodon', 't1')).toBe(original);
    expect(await duplicateOf('mastodon', 't2')).toBeNull();

    // The claim is a Redis key under this environment's prefix, held for the configured window.
    const key = `${env.config.queue.prefix}:fp:${textFingerprint(SHARED)}`;
    expect(await env.container.redis.get(key)).toBe(original);
    const ttl = await env.container.redis.ttl(key);
    expect(ttl).toBeGreaterThan(3 * 86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(3 * 86_400);
    expect(await env.container.mongo.db!.listCollections({ name: 'feedback_fingerprints' }).toArray()).toEqual([]);
  });

  it('gives a redelivered batch the same answers: the original stays original, the duplicate stays a duplicate', async () => {
    const again = await ingestBatch(deps, batch('mastodon', 'm1', [{ externalId: 't1', text: REPOST }, { externalId: 't2', text: 'A different text that nobody else has posted anywhere yet' }]));
    expect(again).toMatchObject({ inserted: 0, existing: 2, counted: 1, duplicates: 1 });
    const originalAgain = await ingestBatch(deps, batch('bluesky', 'b1', [{ externalId: 'p1', text: SHARED }, { externalId: 'p2', text: 'Checkout kept failing on the app, three times in a row now' }]));
    expect(originalAgain).toMatchObject({ inserted: 0, existing: 2, counted: 2, duplicates: 0 });
    // The claim answers the same way even before the items are stored (a crash between claim and insert).
    const docs = [
      { _id: itemIdFor('bluesky', 'p1'), fingerprint: textFingerprint(SHARED) },
      { _id: itemIdFor('mastodon', 't1'), fingerprint: textFingerprint(REPOST) },
    ];
    expect(await env.container.repos.feedback.claimFingerprints(docs)).toEqual(new Map([[String(itemIdFor('mastodon', 't1')), String(itemIdFor('bluesky', 'p1'))]]));
  });

  it('within one batch, the first item with a text is the original', async () => {
    const text = 'Ordered the winter blend twice and both bags arrived split open';
    const outcome = await ingestBatch(deps, batch('reviews', 'r1', [{ externalId: 'r1', text }, { externalId: 'r2', text: `${text}.` }]));
    expect(outcome).toMatchObject({ inserted: 2, counted: 1, duplicates: 1 });
    expect(await duplicateOf('reviews', 'r2')).toBe(String(itemIdFor('reviews', 'r1')));
  });

  it('after the window a repost is an original again (the claim expired)', async () => {
    const text = 'The oat milk flat white is the best thing on the whole menu';
    await ingestBatch(deps, batch('bluesky', 'b2', [{ externalId: 'old', text }]));
    await env.container.redis.del(`${env.config.queue.prefix}:fp:${textFingerprint(text)}`);
    const later = await ingestBatch(deps, batch('mastodon', 'm2', [{ externalId: 'new', text }]));
    expect(later).toMatchObject({ inserted: 1, counted: 1, duplicates: 0 });
  });

  it('claims again from the stored items when Redis has lost the claims', async () => {
    const text = 'Lost my loyalty card stamps after the app update, nine of ten gone';
    await ingestBatch(deps, batch('bluesky', 'b3', [{ externalId: 'before-wipe', text }]));
    // Redis loses every claim and the marker saying its copy is complete (a restart without persistence).
    await deleteKeysWithPrefix(env.container.redis, `${env.config.queue.prefix}:fp`);
    await env.container.redis.del(`${env.config.queue.prefix}:fingerprints:complete`);
    const after = await ingestBatch(deps, batch('mastodon', 'm3', [{ externalId: 'after-wipe', text: `${text}!` }]));
    expect(after).toMatchObject({ inserted: 1, counted: 0, duplicates: 1 });
    expect(await duplicateOf('mastodon', 'after-wipe')).toBe(String(itemIdFor('bluesky', 'before-wipe')));
    // Held for what was left of the window, and the original's own redelivery stays an original.
    expect(await env.container.redis.pttl(`${env.config.queue.prefix}:fp:${textFingerprint(text)}`)).toBeLessThan(3 * 86_400_000);
    expect(await ingestBatch(deps, batch('bluesky', 'b3', [{ externalId: 'before-wipe', text }]))).toMatchObject({ existing: 1, counted: 1, duplicates: 0 });
  });
});
