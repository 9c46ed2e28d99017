/**
 * The triage queue reads the active cases from their Redis copy (active-cases.mirror.ts). Each test
 * ranks the queue twice at one instant: from the copy (statuses open and acknowledged) and from the
 * store (every status, then the active ones kept), and wants the same cases, in the same order,
 * with the same fields — after each kind of case write, after the copy is flushed, after it is
 * restored from an older state, and while two processes write and rebuild at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContainer, type Container } from '../../../src/app/compose.ts';
import { ActiveCasesMirror } from '../../../src/domain/cases/active-cases.mirror.ts';
import { caseIdFor, type CaseFilter } from '../../../src/domain/cases/case.repository.ts';
import { presentCase } from '../../../src/domain/cases/case.service.ts';
import { ACTIVE_STATUSES } from '../../../src/domain/cases/case-workflow.ts';
import { customerInputSchema } from '../../../src/domain/customers/customer.schemas.ts';
import { subjectOf } from '../../../src/domain/data-rights/subject.ts';
import { itemIdFor } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { deleteKeysWithPrefix } from '../../../src/infra/redis.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { complaint, customerWithLtv, hoursBefore, storeItems, type FixtureItem } from './triage-fixtures.ts';

let env: TestEnv;
let c: Container;
const now = new Date();
const caseId = (externalId: string) => String(caseIdFor(String(itemIdFor('fixture', externalId))));

/** The queue at `asOf` as the API presents it: from the copy, and from the store. */
async function bothQueues(filter: Omit<CaseFilter, 'status'> = {}, asOf = new Date()) {
  const fromCopy = await c.triage.cases.rank({ ...filter, status: [...ACTIVE_STATUSES] }, asOf);
  const fromStore = (await c.triage.cases.rank(filter, asOf)).filter((r) => ACTIVE_STATUSES.includes(r.doc.status));
  return { copy: fromCopy.map((r) => presentCase(r)), store: fromStore.map((r) => presentCase(r)) };
}

async function expectCopyEqualsStore(filters: Array<Omit<CaseFilter, 'status'>> = [{}]): Promise<number> {
  let size = 0;
  for (const filter of filters) {
    const { copy, store } = await bothQueues(filter);
    expect(copy).toEqual(store);
    size = Math.max(size, copy.length);
  }
  return size;
}

const customer = (externalId: string, ltv: number, identities: string[]) => customerInputSchema.parse(customerWithLtv(externalId, ltv, identities));
const copiedIds = async () => Object.keys(await c.redis.hgetall(`${env.config.queue.prefix}:cases:active`)).sort();

function complaints(prefix: string, n: number, hoursAgo = 2): FixtureItem[] {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}${i}`,
    author: `author-${prefix}${i % 7}`,
    classification: complaint(i % 3 === 0 ? 'non-instrumental' : 'instrumental', i % 4 === 0 ? 'reflexive' : 'ostensive', -0.05 * (i % 6)),
    publishedAt: hoursBefore(now, hoursAgo + (i % 30)),
    reach: i * 13,
  }));
}

beforeAll(async () => {
  env = await startTestEnv('queue_copy');
  c = env.container;
  await c.triage.customers.upsert([customer('big', 10_000, ['author-A0']), customer('small', 100, ['author-A1'])]);
  await storeItems(c, complaints('A', 40));
});

afterAll(async () => env?.teardown());

describe('the Redis copy of the active cases', () => {
  it('holds every opened case and ranks like the store, with and without filters', async () => {
    expect(await copiedIds()).toHaveLength(40);
    const size = await expectCopyEqualsStore([{}, { intent: 'instrumental' }, { tier: 'mvc' }, { blame: 'reflexive' }, { customer: 'big' }, { aspect: 'product' }, { education: true }]);
    expect(size).toBe(40);
  });

  it('follows acknowledge, assign, note, resolve and dismiss; closed cases leave it', async () => {
    const cases = c.triage.cases;
    await cases.patch(caseId('A1'), { status: 'acknowledged', assignee: 'sam', note: 'on it' }, 'agent');
    await cases.patch(caseId('A2'), { status: 'dismissed' }, 'agent');
    await cases.patch(caseId('A4'), { status: 'acknowledged' }, 'agent');
    await cases.patch(caseId('A4'), { status: 'resolved', note: 'refunded' }, 'agent');
    await cases.patch(caseId('A5'), { assignee: 'kim' }, 'agent');
    await expectCopyEqualsStore([{}, { assignee: 'sam' }, { assignee: 'kim' }]);
    const ids = await copiedIds();
    expect(ids).toHaveLength(38);
    expect(ids).not.toContain(caseId('A2'));
    expect(ids).not.toContain(caseId('A4'));
    expect((await bothQueues({ assignee: 'sam' })).copy[0]).toMatchObject({ status: 'acknowledged', notes: [{ text: 'on it' }] });
  });

  it('follows bulk acknowledgement, customer changes (in place and rewritten) and corrections', async () => {
    await c.triage.cases.acknowledgeVenting({ filter: {} }, 'agent', 'sweep');
    // One customer change (updated in place), then 25 (rewritten whole through the journal).
    await c.triage.customers.upsert([customer('big', 10_000, ['author-A0', 'author-A2'])]);
    await c.triage.customers.upsert(Array.from({ length: 7 }, (_, i) => customer(`many${i}`, 5_000 + i, [`author-A${i}`])));
    const item = await c.repos.feedback.findByIds([itemIdFor('fixture', 'A7')]);
    await c.triage.cases.onItemReclassified(item[0]!, { ...item[0]!.classification, category: 'neutral', complaint: null }, 'lead');
    await expectCopyEqualsStore([{}, { tier: 'mvc' }, { tier: 'core' }, { intent: 'non-instrumental' }]);
    expect(await copiedIds()).not.toContain(caseId('A7'));
  });

  it('is rebuilt from the store when Redis lost it (a FLUSHALL), without bringing back closed cases', async () => {
    const before = await copiedIds();
    // What a FLUSHALL does to this deployment's keys (the test Redis is shared, so only ours go).
    await deleteKeysWithPrefix(c.redis, env.config.queue.prefix);
    await expectCopyEqualsStore();
    expect(await copiedIds()).toEqual(before);
    expect(before).not.toContain(caseId('A2'));
  });

  it('heals a copy restored from an older state at the next rebuild (worker start)', async () => {
    const key = `${env.config.queue.prefix}:cases:active`;
    const stale = JSON.stringify({ ...(await c.redis.hget(key, caseId('A8')).then((j) => JSON.parse(j!))), _id: caseId('A2'), itemId: String(itemIdFor('fixture', 'A2')) });
    await c.redis.hset(key, caseId('A2'), stale);
    await c.redis.hdel(key, caseId('A9'));
    await c.triage.rebuildLookups();
    await expectCopyEqualsStore();
    expect(await copiedIds()).toContain(caseId('A9'));
    expect(await copiedIds()).not.toContain(caseId('A2'));
  });

  it('never takes back a closed case from a version read before it was closed', async () => {
    const [before] = (await c.triage.cases.rank({ intent: 'instrumental', status: ['open'] }, new Date())).map((r) => r.doc);
    expect(before).toBeDefined();
    await c.triage.cases.patch(String(before!._id), { status: 'dismissed' }, 'agent');
    // A slow writer that read the case while it was open and reaches Redis only now.
    const lateWriter = new ActiveCasesMirror(c.redis, env.config.queue.prefix, async () => []);
    await lateWriter.put([before!]);
    expect(await copiedIds()).not.toContain(String(before!._id));
    await expectCopyEqualsStore();
  });

  it('a rebuild that read the store before a close and an opening does not undo them', async () => {
    const snapshot = (await c.triage.cases.rank({ status: [...ACTIVE_STATUSES] }, new Date())).map((r) => r.doc);
    const closing = String(snapshot.find((d) => d.status === 'open')!._id);
    const slowRebuild = new ActiveCasesMirror(c.redis, env.config.queue.prefix, async () => {
      // While the rebuild reads the store, one case is closed and another opened.
      await c.triage.cases.patch(closing, { status: 'dismissed' }, 'agent');
      await storeItems(c, complaints('D', 1));
      return snapshot;
    });
    await slowRebuild.rebuild();
    expect(await copiedIds()).not.toContain(closing);
    expect(await copiedIds()).toContain(caseId('D0'));
    await expectCopyEqualsStore();
  });

  it('hides a case while a write that may close it is in flight', async () => {
    const mirror = new ActiveCasesMirror(c.redis, env.config.queue.prefix, async () => []);
    const id = caseId('A10');
    const token = await mirror.hide([id]);
    expect((await mirror.read()).map((x) => String(x._id))).not.toContain(id);
    await mirror.release([id], token);
    expect((await mirror.read()).map((x) => String(x._id))).toContain(id);
  });

  it('leaves an erased case out for good, and takes it again when its item arrives again', async () => {
    // author-A4 wrote A4, A11, A18 …
    await c.privacy.subjects.erase(subjectOf(['author-A4'], env.config.privacy.authorSalt), 'dpo');
    await expectCopyEqualsStore();
    expect(await copiedIds()).not.toContain(caseId('A11'));
    await storeItems(c, complaints('A', 12).slice(11));
    await expectCopyEqualsStore();
    expect(await copiedIds()).toContain(caseId('A11'));
  });

  it('stays equal to the store while two processes open, close and rebuild at once', async () => {
    const other = await buildContainer(env.config, createLogger('silent'));
    try {
      const open = (await c.triage.cases.rank({ status: ['open'] }, new Date())).map((r) => String(r.doc._id));
      await Promise.all([
        storeItems(c, complaints('B', 60, 1)),
        storeItems(other, complaints('C', 60, 3)),
        other.triage.rebuildLookups(),
        (async () => {
          for (const id of open.slice(0, 10)) await other.triage.cases.patch(id, { status: 'dismissed' }, 'agent');
        })(),
        (async () => {
          for (const id of open.slice(10, 20)) await c.triage.cases.patch(id, { status: 'acknowledged' }, 'agent');
          await c.triage.rebuildLookups();
        })(),
      ]);
      const size = await expectCopyEqualsStore([{}, { intent: 'instrumental' }]);
      expect(size).toBeGreaterThan(120);
      const { copy } = await bothQueues();
      for (const id of open.slice(0, 10)) expect(copy.map((x) => x.id)).not.toContain(id);
    } finally {
      await other.close();
    }
  }, 60_000);
});
