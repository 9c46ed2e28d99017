/**
 * Known customer identities in Redis: every write path keeps the set in step with the identity
 * links in MongoDB, cases find customers imported between an author's items, and a lost set is
 * rebuilt from MongoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemIdFor } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { CaseRepository } from '../../../src/domain/cases/case.repository.ts';
import { customerInputSchema } from '../../../src/domain/customers/customer.schemas.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { startWorkers } from '../../../workers/start-workers.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { complaint, customerWithLtv, hoursBefore, satisfied, storeItems } from './triage-fixtures.ts';

let env: TestEnv;
let now: Date;

const hash = (author: string) => hashAuthor(author, env.config.privacy.authorSalt)!;
const knownKey = () => `${env.config.queue.prefix}:customers:identities`;
const isKnown = async (author: string) => (await env.container.redis.sismember(knownKey(), hash(author))) === 1;
/** Through the same validation as the API and the CSV import (which fills the defaults). */
const customer = (externalId: string, ltv: number, identities: string[]) => customerInputSchema.parse(customerWithLtv(externalId, ltv, identities));
// Read through the repository: a stored case omits its opening defaults (case.repository.ts).
const caseOf = async (externalId: string) => new CaseRepository(env.container.databases.cases, { redis: env.container.redis, prefix: env.config.queue.prefix }).findByItemId(String(itemIdFor('fixture', externalId)));

beforeAll(async () => {
  env = await startTestEnv('customer_lookups');
  now = new Date();
  // BIG brings 9,000 of 10,000 LTV: the only MVC.
  await env.container.triage.customers.upsert([customer('BIG', 9_000, ['big@example.com'])]);
});

afterAll(async () => {
  await env?.teardown();
});

describe('known customer identities in Redis', () => {
  it('a customer imported after their complaint-free items and before a complaint gets the right tier on the case', async () => {
    await storeItems(env.container, [{ externalId: 'praise', author: 'late@example.com', classification: satisfied(), publishedAt: hoursBefore(now, 5) }]);
    expect(await isKnown('late@example.com')).toBe(false);

    await env.container.triage.customers.upsert([customer('LATE', 1_000, ['late@example.com', '@late'])]);
    expect(await isKnown('late@example.com')).toBe(true);
    expect(await isKnown('@late')).toBe(true);

    await storeItems(env.container, [
      { externalId: 'late-complaint', author: 'LATE@example.com', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
      { externalId: 'big-complaint', author: 'big@example.com', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
      { externalId: 'stranger-complaint', author: 'stranger', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
    ]);
    expect(await caseOf('late-complaint')).toMatchObject({ tier: 'core', customerExternalId: 'LATE' });
    expect(await caseOf('big-complaint')).toMatchObject({ tier: 'mvc', customerExternalId: 'BIG' });
    expect(await caseOf('stranger-complaint')).toMatchObject({ tier: 'unknown', customerExternalId: null });
    expect(await isKnown('stranger')).toBe(false);
  });

  it('an identity a customer no longer lists matches nobody; one moved to another customer matches the new one', async () => {
    await env.container.triage.customers.upsert([customer('LATE', 1_000, ['late@example.com'])]);
    await env.container.triage.customers.upsert([customer('OTHER', 500, ['late@example.com'])]);
    expect(await isKnown('late@example.com')).toBe(true);
    await storeItems(env.container, [
      { externalId: 'dropped-handle', author: '@late', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
      { externalId: 'moved-email', author: 'late@example.com', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
    ]);
    expect(await caseOf('dropped-handle')).toMatchObject({ tier: 'unknown', customerExternalId: null });
    expect(await caseOf('moved-email')).toMatchObject({ tier: 'core', customerExternalId: 'OTHER' });
  });

  it('a wiped set is rebuilt from MongoDB at worker start-up', async () => {
    await env.container.redis.del(knownKey(), `${knownKey()}:complete`);
    expect(await isKnown('big@example.com')).toBe(false);
    const workers = await startWorkers(env.container, testClassifier());
    await workers.close();
    expect(await isKnown('big@example.com')).toBe(true);
    expect(await isKnown('late@example.com')).toBe(true);
    // Rebuilt from the links: the identity LATE dropped is gone from the set.
    expect(await isKnown('@late')).toBe(false);
    // A set restored from an older snapshot (marker present, a member missing) is healed too.
    await env.container.redis.srem(knownKey(), hash('big@example.com'));
    await (await startWorkers(env.container, testClassifier())).close();
    expect(await isKnown('big@example.com')).toBe(true);
  });

  it('a set wiped while running is rebuilt before the next lookup', async () => {
    await env.container.redis.del(knownKey(), `${knownKey()}:complete`);
    await storeItems(env.container, [{ externalId: 'after-wipe', author: 'big@example.com', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) }]);
    expect(await caseOf('after-wipe')).toMatchObject({ tier: 'mvc', customerExternalId: 'BIG' });
    expect(await isKnown('big@example.com')).toBe(true);
  });
});
