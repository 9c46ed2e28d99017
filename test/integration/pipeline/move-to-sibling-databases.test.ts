/**
 * Upgrading from a version that kept cases and rollups in the main database: the move copies the
 * cases, adds the old rollups into what was counted since, and never counts anything twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveToSiblingDatabases } from '../../../src/cli/move-to-sibling-databases.command.ts';
import { CaseRepository, caseIdFor } from '../../../src/domain/cases/case.repository.ts';
import type { CountItem } from '../../../src/domain/trends/trend-counter.repository.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const DAY = '2026-09-14';
const ITEM_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
type LegacyDoc = { _id: string; [field: string]: unknown };
let env: TestEnv;

beforeAll(async () => {
  env = await startTestEnv('sibling_move');
});
afterAll(async () => env?.teardown());

/** What a version before the split left in the main database. */
async function writeLegacyData(): Promise<void> {
  const main = env.container.databases.main.db!;
  const at = new Date(`${DAY}T10:00:00Z`);
  await main.collection('cases').insertOne({
    _id: caseIdFor(ITEM_ID), itemId: ITEM_ID, sourceId: 'old-src', label: 'acme', kind: 'review', authorHash: null, customerId: null,
    customerExternalId: null, tier: 'unknown', atRisk: false, intent: 'instrumental', blame: 'ostensive', education: false, aspects: [],
    reach: 0, sentiment: -0.4, text: 'Refund the delivery fee please', status: 'open', assignee: null, notes: [],
    history: [{ at, by: 'system', action: 'opened', to: 'open' }], publishedAt: at, openedAt: at, acknowledgedAt: null, resolvedAt: null,
    dismissedAt: null, updatedAt: at,
  });
  await main.collection<LegacyDoc>('defection_signals').insertOne({ _id: `${ITEM_ID}|switching`, itemId: ITEM_ID, authorHash: 'h1', reason: 'switching', phrase: 'switching to', publishedAt: at });
  await main.collection<LegacyDoc>('trend_d_202609_all').insertOne({ _id: 'all', g: 'd', period: '2026-09', scope: 'all', '14|n': 3, '14|cat_complaint': 3, flushedBy: 'old' });
  await main.collection<LegacyDoc>('trend_t_20260914_all').insertOne({ _id: 'all', refund: 3, __items: 3 });
  await main.collection<LegacyDoc>('trend_scopes').insertOne({ _id: 'l:acme', type: 'label', label: 'acme' });
}

function newItems(n: number): CountItem[] {
  const text = 'Refund the delivery fee please';
  return Array.from({ length: n }, (_, i) => ({
    _id: `new-${i}`,
    sourceId: 'new-src',
    kind: 'review',
    label: 'acme',
    text,
    publishedAt: new Date(`${DAY}T12:00:00Z`),
    classification: testClassifier().classify({ id: `new-${i}`, text, kind: 'review' }),
  }));
}

describe('earshot move-to-sibling-databases', () => {
  it('moves cases and adds old rollups into what was counted since, once, even when run again', async () => {
    const counters = env.container.repos.counters;
    await writeLegacyData();
    await counters.addItems(newItems(2), 1, { opKey: 'since-upgrade', terms: true });
    const dayTotal = async () => (await counters.sumByBucket({ g: 'd', buckets: [DAY] })).get(DAY)?.n ?? 0;
    expect(await dayTotal()).toBe(2);

    const report = await moveToSiblingDatabases(env.container);
    expect(report.join('\n')).toMatch(/cases: 1 documents moved/);
    expect(await dayTotal()).toBe(5);
    // The month's slot was rebuilt from its days, so long ranges see the old counts too.
    expect((await counters.sumByBucket({ g: 'm', buckets: ['2026-09'] })).get('2026-09')?.n).toBe(5);
    const terms = await counters.termCounts('all', [DAY]);
    expect(terms.items).toBe(5);
    expect(terms.terms.get('refund')).toBe(5);
    expect((await counters.listScopes()).map((s) => s._id)).toContain('l:acme');
    expect(await new CaseRepository(env.container.databases.cases).findByItemId(ITEM_ID)).toMatchObject({ text: 'Refund the delivery fee please', status: 'open' });
    const left = (await env.container.databases.main.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(left.filter((n) => n === 'cases' || n === 'defection_signals' || n.startsWith('trend_'))).toEqual([]);

    // Interrupted before the old collections were dropped: running again counts nothing twice.
    await writeLegacyData();
    await moveToSiblingDatabases(env.container);
    expect(await dayTotal()).toBe(5);
    expect((await counters.termCounts('all', [DAY])).items).toBe(5);
    // And the counters go on as before.
    await counters.addItems(newItems(1).map((i) => ({ ...i, _id: 'later' })), 1, { opKey: 'after-move', terms: true });
    expect(await dayTotal()).toBe(6);
    expect((await counters.termCounts('all', [DAY])).items).toBe(6);
  });
});
