/**
 * The repeat-complainant count comes from per-author complaint times in Redis, not from reading
 * the cases collection: the cases are deleted underneath and the count still holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { itemIdFor } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { CaseRepository } from '../../../src/domain/cases/case.repository.ts';
import { deleteKeysWithPrefix } from '../../../src/infra/redis.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { complaint, hoursBefore, satisfied, storeItems } from './triage-fixtures.ts';

const DAY_H = 24;
let env: TestEnv;
let now: Date;

const cases = () => new CaseRepository(env.container.databases.cases, { redis: env.container.redis, prefix: env.config.queue.prefix });
const earlierOf = async (externalId: string) => (await cases().findByItemId(String(itemIdFor('fixture', externalId))))?.earlierComplaints;
const caseIdOf = async (externalId: string) => String((await cases().findByItemId(String(itemIdFor('fixture', externalId))))!._id);
/** The repeat factor of a case as the queue ranks it now. */
const repeatOf = async (externalId: string) => (await env.container.triage.cases.get(await caseIdOf(externalId)))!.priority.reasons.find((r) => r.factor === 'repeat');
const historyKey = (author: string) => `${env.config.queue.prefix}:complaints:by-author:${hashAuthor(author, env.config.privacy.authorSalt)}`;

beforeAll(async () => {
  env = await startTestEnv('repeat');
  now = new Date();
});

afterAll(async () => {
  await env?.teardown();
});

describe('repeat complaints from Redis', () => {
  it('counts earlier complaints in the 90-day window, those in the same batch included, never the item itself', async () => {
    await storeItems(env.container, [
      { externalId: 'old', author: 'ann', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 91 * DAY_H) },
      { externalId: 'a1', author: 'ann', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 60 * DAY_H) },
      { externalId: 'praise', author: 'ann', classification: satisfied(), publishedAt: hoursBefore(now, 50 * DAY_H) },
    ]);
    await storeItems(env.container, [
      { externalId: 'a2', author: 'ann', classification: complaint('non-instrumental'), publishedAt: hoursBefore(now, 10 * DAY_H) },
      { externalId: 'a3', author: 'ann', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 2) },
      { externalId: 'a3-twin', author: 'ann', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 2) },
      { externalId: 'b1', author: 'bob', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 2) },
      { externalId: 'anon', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 2) },
    ]);
    // old is 91 days before a3, outside its window; praise is not a complaint; a3 and its twin at the same instant are not earlier than each other.
    expect(await earlierOf('old')).toBe(0);
    expect(await earlierOf('a1')).toBe(1);
    expect(await earlierOf('a2')).toBe(2);
    expect(await earlierOf('a3')).toBe(2);
    expect(await earlierOf('a3-twin')).toBe(2);
    expect(await earlierOf('b1')).toBe(0);
    expect(await earlierOf('anon')).toBe(0);
    const ttl = await env.container.redis.pttl(historyKey('ann'));
    expect(ttl).toBeGreaterThan(179 * DAY_H * 3_600_000);
    expect(await env.container.redis.zcard(historyKey('ann'))).toBe(5);
  });

  it('counts from Redis alone: with the cases gone, a new complaint still sees the earlier ones', async () => {
    await env.container.databases.cases.collection('cases').deleteMany({});
    await storeItems(env.container, [{ externalId: 'a4', author: 'ann', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) }]);
    // a1, a2, a3, a3-twin (old is more than 90 days before a4).
    expect(await earlierOf('a4')).toBe(4);
  });

  it('a redelivered complaint is not its own repeat and adds nothing', async () => {
    const before = await env.container.redis.zcard(historyKey('ann'));
    // The same batch key again: storeAndCount finds the item it stored and runs the listeners on it once more.
    await storeItems(env.container, [{ externalId: 'a4', author: 'ann', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) }]);
    expect(await env.container.redis.zcard(historyKey('ann'))).toBe(before);
    expect(await earlierOf('a4')).toBe(4);
  });

  it('rebuilds the history from the cases when Redis has lost it', async () => {
    await storeItems(env.container, [
      { externalId: 'c1', author: 'cat', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 5 * DAY_H) },
      { externalId: 'c2', author: 'cat', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 4 * DAY_H) },
    ]);
    // A flushed Redis: the history and its completeness marker are gone.
    await deleteKeysWithPrefix(env.container.redis, `${env.config.queue.prefix}:complaints`);
    await storeItems(env.container, [{ externalId: 'c3', author: 'cat', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) }]);
    expect(await earlierOf('c3')).toBe(2);
    expect(await env.container.redis.exists(`${env.config.queue.prefix}:complaints:complete`)).toBe(1);
  });

  it('counts by publication time: an earlier complaint that arrives later re-ranks the open case', async () => {
    await storeItems(env.container, [{ externalId: 'd-late', author: 'dan', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) }]);
    expect(await repeatOf('d-late')).toMatchObject({ value: 0, points: 0 });
    // A backfill (or a slower source) delivers the complaint dan made five days earlier.
    await storeItems(env.container, [{ externalId: 'd-early', author: 'dan', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 5 * DAY_H) }]);
    expect(await repeatOf('d-late')).toMatchObject({ value: 1, points: 5 });
    expect(await repeatOf('d-early')).toMatchObject({ value: 0, points: 0 });
    const queue = await env.container.triage.cases.queue({}, 500);
    const ranked = queue.cases.find((c) => c.doc.itemId === String(itemIdFor('fixture', 'd-late')));
    expect(ranked!.priority.reasons.find((r) => r.factor === 'repeat')!.points).toBe(5);
  });

  it('concurrent batches see each other, whichever is recorded first', async () => {
    await Promise.all([
      storeItems(env.container, [{ externalId: 'e-2', author: 'eve', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 2) }]),
      storeItems(env.container, [{ externalId: 'e-1', author: 'eve', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 3 * DAY_H) }]),
      storeItems(env.container, [{ externalId: 'e-3', author: 'eve', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) }]),
    ]);
    expect([(await repeatOf('e-1'))!.value, (await repeatOf('e-2'))!.value, (await repeatOf('e-3'))!.value]).toEqual([0, 1, 2]);
  });
});
