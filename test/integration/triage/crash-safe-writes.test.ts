/**
 * Bulk rewrites (customers, identity links, cases) delete old versions and insert new ones. A
 * child process is killed between the two steps; the rows must come back, in their new version,
 * when the next process starts (the composition root finishes committed writes).
 */
import { spawn } from 'node:child_process';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContainer } from '../../../src/app/compose.ts';
import { caseIdFor, CaseRepository } from '../../../src/domain/cases/case.repository.ts';
import type { CaseDoc } from '../../../src/domain/cases/case.model.ts';
import { customerIdFor, CustomerRepository, type StoredCustomer } from '../../../src/domain/customers/customer.repository.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';

const N = 30;

function customer(i: number, ltv: number, hashes: string[]): StoredCustomer {
  const at = new Date('2026-11-01T00:00:00Z');
  return {
    _id: customerIdFor(`c-${i}`),
    externalId: `c-${i}`,
    identityHashes: hashes,
    figures: { price: ltv, cost: 0, purchasesPerYear: 1, years: 1, acquisitionCost: 0 },
    ltv,
    tier: 'core',
    atRisk: false,
    atRiskReasons: [],
    atRiskSince: null,
    atRiskClearedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

function openCase(i: number): CaseDoc {
  const at = new Date('2026-11-02T00:00:00Z');
  return {
    itemId: `item-${i}`, sourceId: 's', label: 'acme', kind: 'mention', authorHash: `author-${i}`, customerId: null, customerExternalId: null,
    tier: 'unknown', atRisk: false, intent: 'instrumental', blame: 'ostensive', education: false, aspects: ['product'], reach: 0, sentiment: -0.5,
    text: 'broken again', status: 'open', assignee: null, notes: [], history: [], publishedAt: at, openedAt: at, acknowledgedAt: null,
    resolvedAt: null, dismissedAt: null, updatedAt: at,
  };
}

describe('bulk rewrites survive a crash between delete and insert', () => {
  let env: TestEnv;
  let customers: CustomerRepository;
  let cases: CaseRepository;

  beforeAll(async () => {
    env = await startTestEnv('crash_writes');
    customers = new CustomerRepository(env.container.databases.main, { redis: env.container.redis, prefix: env.config.queue.prefix });
    cases = new CaseRepository(env.container.databases.cases, { redis: env.container.redis, prefix: env.config.queue.prefix });
  });
  afterAll(async () => env?.teardown());

  /** Runs the child until it is killed mid-write, then starts a new process's dependencies (which recover). */
  async function crashThenRestart(mode: string, input: unknown): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-between-writes.ts', mode], {
      env: { ...process.env, MONGODB_URI: env.config.mongo.uri, REDIS_URL: env.config.redis.url, EARSHOT_QUEUE_PREFIX: env.config.queue.prefix },
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    child.stdin.end(JSON.stringify(input));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
  }

  async function restart(): Promise<void> {
    const next = await buildContainer(env.config, createLogger('silent'));
    await next.close();
  }

  it('customers: replaced rows come back in their new version', async () => {
    const before = Array.from({ length: N }, (_, i) => customer(i, 100 + i, [`h-${i}`]));
    await customers.replaceMany(before, []);
    const after = before.map((c) => ({ ...c, ltv: c.ltv + 1000 }));
    await crashThenRestart('customers', { docs: after });
    // The crash landed after the delete: without the journal these rows were gone.
    expect(await customers.findByIds(before.map((c) => String(c._id)))).toHaveLength(0);
    await restart();
    const stored = await customers.findByIds(before.map((c) => String(c._id)));
    expect(stored.map((c) => c.ltv).sort()).toEqual(after.map((c) => c.ltv).sort());
  }, 60_000);

  it('identity links: moved links are not lost', async () => {
    const owners = Array.from({ length: 4 }, (_, i) => customer(100 + i, 50, [`link-${i}`]));
    await customers.replaceMany(owners, []);
    await customers.syncIdentities(owners);
    // Every link moves to the next customer.
    const moved = owners.map((c, i) => ({ ...c, identityHashes: [`link-${(i + 1) % owners.length}`] }));
    await crashThenRestart('identities', { docs: moved });
    await restart();
    const found = await customers.findByIdentityHashes(owners.map((_, i) => `link-${i}`));
    expect([...found].map(([h, c]) => [h, c.externalId]).sort()).toEqual(moved.map((c) => [c.identityHashes[0], c.externalId]).sort());
  }, 60_000);

  it('cases: a bulk customer sync loses no case', async () => {
    await cases.openMany(Array.from({ length: N }, (_, i) => openCase(i)));
    const updates = Array.from({ length: N }, (_, i) => ({
      hashes: [`author-${i}`],
      set: { customerId: String(new Types.ObjectId()), customerExternalId: `c-${i}`, tier: 'mvc' as const, atRisk: true },
    }));
    await crashThenRestart('cases', { updates });
    await restart();
    const stored = await cases.findByIds(Array.from({ length: N }, (_, i) => String(caseIdFor(`item-${i}`))));
    expect(stored).toHaveLength(N);
    expect(stored.every((c) => c.tier === 'mvc' && c.atRisk)).toBe(true);
  }, 60_000);
});
