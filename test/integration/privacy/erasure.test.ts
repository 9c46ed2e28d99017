/**
 * Erasing a person: an author with items in three sources, two cases, a customer link, a defection
 * signal, a correction and a cross-post that another author repeated. Afterwards nothing stored
 * matches their hash or items, the counters equal a recount of what remains, a second erasure
 * changes nothing, and an erasure killed between steps finishes to the same end state when run again.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import type { AlertDoc } from '../../../src/domain/alerts/alert.repository.ts';
import { hourKey } from '../../../src/domain/trends/buckets.ts';
import type { Container } from '../../../src/app/compose.ts';
import { itemFingerprint } from '../../../src/domain/feedback/fingerprint.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { subjectOf } from '../../../src/domain/data-rights/subject.ts';
import { itemIncrements, type CounterFields } from '../../../src/domain/trends/counter-metrics.ts';
import { listen } from '../../support/http.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { complaint, customerWithLtv, satisfied, storeItems } from '../triage/triage-fixtures.ts';

const JANE = ['jane@example.com', '@JaneDoe'];
const DAY = new Date('2026-02-10T09:00:00Z');
const at = (h: number) => new Date(DAY.getTime() + h * 3_600_000);
const CROSS_POST = 'I cancelled my subscription because the app keeps crashing at login every single morning';
const RANGE = { interval: 'day' as const, from: new Date('2026-02-10T00:00:00Z'), to: new Date('2026-02-12T00:00:00Z') };

interface Seeded {
  janeIds: string[];
  bobCopyId: string;
}

async function seed(c: Container): Promise<Seeded> {
  await c.triage.customers.upsert([{ ...customerWithLtv('JANE', 1000, JANE), acquisitionCost: 0 }, { ...customerWithLtv('BOB', 500, ['bob@example.com']), acquisitionCost: 0 }]);
  const first = await storeItems(c, [
    { externalId: 'J1', sourceId: 'src-a', author: 'jane@example.com', text: CROSS_POST, classification: complaint('instrumental'), publishedAt: at(0), fingerprinted: true },
    { externalId: 'J2', sourceId: 'src-b', kind: 'review', author: 'Jane@Example.com', text: 'Worst delivery ever, the parcel arrived broken and nobody cares', classification: complaint('non-instrumental'), publishedAt: at(1), rating: 1 },
    { externalId: 'J3', sourceId: 'src-c', kind: 'survey', author: '@janedoe', text: 'Support sorted it out quickly, thanks a lot', classification: satisfied(), publishedAt: at(2), rating: 4 },
    { externalId: 'B1', sourceId: 'src-a', author: 'bob@example.com', text: 'Lovely beans, will order again', classification: satisfied(), publishedAt: at(0) },
    { externalId: 'B2', sourceId: 'src-b', kind: 'review', author: 'bob@example.com', text: 'My order is late, where is it?', classification: complaint('instrumental'), publishedAt: at(3) },
  ]);
  // Bob repeats Jane's words later: stored as a duplicate of J1 and not counted.
  const copy = await storeItems(c, [{ externalId: 'B3', sourceId: 'src-d', author: 'bob@example.com', text: CROSS_POST, classification: complaint('instrumental'), publishedAt: at(5), fingerprinted: true }]);
  const j3 = String(first.get('J3')!._id);
  await c.triage.corrections.correct(j3, { category: 'advocacy', advocacy: true }, 'fixture-lead');
  return { janeIds: ['J1', 'J2', 'J3'].map((k) => String(first.get(k)!._id)), bobCopyId: String(copy.get('B3')!._id) };
}

/** The counters over the test's range, and the same figures recounted from the stored originals. */
async function countersAndRecount(c: Container): Promise<{ counters: CounterFields; recount: CounterFields }> {
  const counters = await c.services.trends.rangeTotals(RANGE, true);
  const recount: CounterFields = {};
  for await (const item of c.repos.feedback.listAll({}, 100)) {
    if (item.duplicateOf) continue;
    for (const [k, v] of Object.entries(itemIncrements(item))) recount[k] = (recount[k] ?? 0) + v;
  }
  const round = (f: CounterFields) => Object.fromEntries(Object.entries(f).filter(([, v]) => Math.abs(v) > 1e-9).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]));
  return { counters: round(counters), recount: round(recount) };
}

/** Every stored document in the three databases, as text. */
async function everythingStored(c: Container): Promise<string> {
  const out: string[] = [];
  for (const db of Object.values(c.databases)) {
    for (const { name } of await db.db!.listCollections().toArray()) out.push(JSON.stringify(await db.db!.collection(name).find({}).toArray()));
  }
  return out.join('\n');
}

async function expectErased(c: Container, s: Seeded): Promise<void> {
  const hashes = JANE.map((a) => hashAuthor(a, c.config.privacy.authorSalt)!);
  const prefix = c.config.queue.prefix;
  const stored = await everythingStored(c);
  for (const needle of [...hashes, ...s.janeIds]) expect(stored).not.toContain(needle);
  // Redis: no key names the hash, the known-customer set forgot it, J1's fingerprint claim is gone.
  const keys = await c.redis.keys(`${prefix}:*`);
  for (const h of hashes) expect(keys.filter((k) => k.includes(h))).toEqual([]);
  expect(await c.redis.smismember(`${prefix}:customers:identities`, ...hashes)).toEqual([0, 0]);
  expect(await c.redis.get(`${prefix}:fp:${itemFingerprint({ text: CROSS_POST, label: 'acme', kind: 'mention', authorHash: null })}`)).not.toBe(s.janeIds[0]);
  // Bob's things stay; his copy of the cross-post is now the original and counted.
  expect(await c.repos.feedback.count()).toBe(3);
  const [copy] = await c.repos.feedback.findByIds([new Types.ObjectId(s.bobCopyId)]);
  expect(copy!.duplicateOf ?? null).toBeNull();
  // The customer records (the CRM's figures) stay, without Jane's identities or at-risk reasons.
  expect((await c.triage.customers.get('BOB'))!.identityHashes).toHaveLength(1);
  expect(await c.triage.customers.get('JANE')).toMatchObject({ identityHashes: [], atRiskReasons: [] });
  const { counters, recount } = await countersAndRecount(c);
  expect(counters).toEqual(recount);
  expect(counters.n).toBe(3);
}

describe('erasing a person', () => {
  let env: TestEnv;
  let seeded: Seeded;

  beforeAll(async () => {
    env = await startTestEnv('privacy_erase');
    seeded = await seed(env.container);
  });
  afterAll(async () => env?.teardown());

  it('finds what is held per collection (admins only), and exports it', async () => {
    const api = await listen(createApp(env.container), ADMIN_KEY);
    try {
      const q = `author=${encodeURIComponent(JANE[0]!)}&author=${encodeURIComponent(JANE[1]!)}`;
      for (const key of [AGENT_KEY, VIEWER_KEY]) {
        expect((await api.request('GET', `/v1/privacy/subjects?${q}`, { key })).status).toBe(403);
        expect((await api.request('GET', `/v1/privacy/subjects/export?${q}`, { key })).status).toBe(403);
        expect((await api.request('DELETE', `/v1/privacy/subjects?${q}`, { key })).status).toBe(403);
        expect((await api.request('GET', '/v1/privacy/audit', { key })).status).toBe(403);
      }
      const found = await api.request('GET', `/v1/privacy/subjects?${q}`);
      expect(found.status).toBe(200);
      expect(found.body.counts).toEqual({ items: 3, cases: 2, customerLinks: 2, defectionSignals: 1, corrections: 1 });
      const scoped = await api.request('GET', `/v1/privacy/subjects?${q}&source=src-b`);
      expect(scoped.body.counts).toEqual({ items: 1, cases: 1, customerLinks: 0, defectionSignals: 0, corrections: 0 });
      const exported = await api.request('GET', `/v1/privacy/subjects/export?${q}`);
      expect(exported.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['J1', 'J2', 'J3']);
      expect(exported.body.cases).toHaveLength(2);
      const bad = await api.request('GET', '/v1/privacy/subjects?source=src-a');
      expect(bad.status).toBe(400);
      expect(bad.body.fields[0].field).toBe('query.author');
    } finally {
      await api.close();
    }
  });

  it('erases everything, moves the counters to what remains, and a second erasure changes nothing', async () => {
    const c = env.container;
    const before = await countersAndRecount(c);
    expect(before.counters).toEqual(before.recount);
    expect(before.counters.n).toBe(5);
    // A stored digest of the week quotes sample items, Jane's among them.
    const janeTexts = (await c.repos.feedback.findByIds(seeded.janeIds.map((id) => new Types.ObjectId(id)))).map((i) => i.text);
    const quoted = (await c.analytics.digests.build('2026-W07')).quotes.map((q) => q.text);
    expect(quoted.some((t) => janeTexts.includes(t))).toBe(true);
    // So does an alert raised for J1's hour.
    const sample = (id: string) => ({ id, category: 'complaint', text: 'quoted', sourceId: 'src-a', label: 'acme', publishedAt: at(0) });
    await c.analytics.alertRepo.insert({ _id: 'a-1', hour: hourKey(at(0)), samples: [sample(seeded.janeIds[0]!), sample('other')] } as unknown as AlertDoc);

    const api = await listen(createApp(c), ADMIN_KEY);
    try {
      const res = await api.request('DELETE', '/v1/privacy/subjects', { body: { author: JANE } });
      expect(res.status).toBe(200);
      expect(res.body.erased).toMatchObject({ items: 3, cases: 2, customerLinks: 2, defectionSignals: 1, corrections: 1 });
    } finally {
      await api.close();
    }
    await expectErased(c, seeded);
    const kept = (await c.analytics.digestRepo.get('2026-W07'))!.quotes.map((q) => q.text);
    expect(kept.filter((t) => janeTexts.includes(t))).toEqual([]);
    expect((await c.analytics.alertRepo.get('a-1'))!.samples.map((x) => x.id)).toEqual(['other']);

    const after = await countersAndRecount(c);
    const again = await c.privacy.subjects.erase(subjectOf(JANE, c.config.privacy.authorSalt), 'test');
    expect(again).toEqual({ items: 0, cases: 0, customerLinks: 0, defectionSignals: 0, corrections: 0, samples: 0 });
    expect(await countersAndRecount(c)).toEqual(after);

    // The records survive, say who and when, and never who was erased.
    const records = await c.privacy.audit.list(10, 'erase');
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ action: 'erase', subjects: 2, counts: { items: 3, cases: 2 } });
    expect(records[1]!.by).toMatch(/^[0-9a-f]{12}$/);
    const text = JSON.stringify(await c.privacy.audit.list(100));
    for (const needle of [...JANE, 'jane', ...JANE.map((a) => hashAuthor(a, c.config.privacy.authorSalt)!)]) expect(text.toLowerCase()).not.toContain(needle.toLowerCase());
  });
});

describe('an erasure killed between steps', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv('privacy_crash');
  });
  afterAll(async () => env?.teardown());

  it('finishes to the same end state when run again', async () => {
    const seeded = await seed(env.container);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-mid-erasure.ts'], {
      env: { ...process.env, MONGODB_URI: env.config.mongo.uri, REDIS_URL: env.config.redis.url, EARSHOT_QUEUE_PREFIX: env.config.queue.prefix },
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    child.stdin.end(JSON.stringify(JANE));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    // Killed after the counters moved and before the cases and items went: both are still there.
    expect(await env.container.repos.feedback.count()).toBe(6);

    const resumed = await env.container.privacy.subjects.erase(subjectOf(JANE, env.config.privacy.authorSalt), 'test');
    expect(resumed).toMatchObject({ items: 3, cases: 2 });
    await expectErased(env.container, seeded);
  });
});

describe('earshot erase', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv('privacy_cli');
  });
  afterAll(async () => env?.teardown());

  it('erases each person listed in a file and prints counts per line, never the identifier', async () => {
    await storeItems(env.container, [
      { externalId: 'Z1', author: 'zoe@example.com', classification: satisfied(), publishedAt: at(0) },
      { externalId: 'Z2', author: '@zoe_k', classification: complaint('instrumental'), publishedAt: at(1) },
      { externalId: 'Y1', author: 'yan', classification: satisfied(), publishedAt: at(2) },
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'earshot-erase-'));
    const file = join(dir, 'requests.txt');
    await writeFile(file, 'zoe@example.com, @zoe_k\n\nnobody@example.com\n');
    try {
      const run = (...extra: string[]) =>
        promisify(execFile)(process.execPath, ['bin/earshot.js', 'erase', file, '--by', 'dpo', ...extra], {
          env: { ...process.env, MONGODB_URI: env.config.mongo.uri, REDIS_URL: env.config.redis.url, EARSHOT_QUEUE_PREFIX: env.config.queue.prefix, EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_COUNTER_FLUSH_MS: '0', EARSHOT_LOG_LEVEL: 'silent' },
        });
      const dry = await run('--dry-run');
      expect(dry.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
        { line: 1, held: { items: 2, cases: 1, customerLinks: 0, defectionSignals: 0, corrections: 0 } },
        { line: 3, held: { items: 0, cases: 0, customerLinks: 0, defectionSignals: 0, corrections: 0 } },
      ]);
      const { stdout } = await run();
      expect(stdout).not.toMatch(/zoe|nobody/);
      expect(JSON.parse(stdout.trim().split('\n')[0]!)).toMatchObject({ line: 1, erased: { items: 2, cases: 1 } });
      expect(await env.container.repos.feedback.count()).toBe(1);
      expect((await env.container.privacy.audit.list(10, 'erase')).map((r) => r.by)).toEqual(['cli:dpo', 'cli:dpo']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
