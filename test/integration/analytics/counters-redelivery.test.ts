import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildItemDocs, ingestBatch, itemIdFor } from '../../../src/domain/feedback/ingest-batch.service.ts';
import type { JobPayload } from '../../../src/queue/jobs.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const texts = [
  'The delivery was late again and nobody answers the phone. Fix this please!',
  'Absolutely love the new espresso machine, I recommend it to all my friends',
  'Great service at the Lyon store, staff were friendly and quick',
  'Price went up again, too expensive for what it is',
  'Does anyone know when the summer collection launches?',
];

function batch(id: string, n: number): JobPayload<'classify-batch'> {
  return {
    batchId: id,
    sourceId: 'src-redelivery',
    label: 'acme',
    kind: 'review',
    items: Array.from({ length: n }, (_, i) => ({
      externalId: `${id}-${i}`,
      text: `${texts[i % texts.length]} (${id} ${i})`,
      authorHash: null,
      rating: (i % 5) + 1,
      reach: i,
      publishedAt: new Date(Date.UTC(2026, 10, 20, 9 + (i % 3), 15)).toISOString(),
    })),
  };
}

describe('trend counters under redelivery', () => {
  let env: TestEnv;
  const deps = () => ({ classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters });
  const day = async () => (await env.container.repos.trendReader.sumByBucket({ g: 'd', buckets: ['2026-11-20'] })).get('2026-11-20') ?? {};
  const hours = async () => env.container.repos.trendReader.sumByBucket({ g: 'h', buckets: ['2026-11-20T09', '2026-11-20T10', '2026-11-20T11'], label: 'acme' });
  const terms = async () => env.container.repos.trendReader.termCounts('all', ['2026-11-20']);

  beforeAll(async () => {
    env = await startTestEnv('analytics_counters');
  });
  afterAll(async () => env?.teardown());

  it('counts a batch once when it is delivered again, even concurrently', async () => {
    const b = batch('b1', 30);
    await ingestBatch(deps(), b);
    const first = await day();
    const firstHours = await hours();
    const firstTerms = await terms();
    expect(first.n).toBe(30);
    expect(first.rating_n).toBe(30);
    expect(first.rating_csat).toBe(12);
    expect(first.reach).toBe(30 + (29 * 30) / 2);
    expect(firstTerms.items).toBe(30);

    // Plain redelivery: nothing is uncounted any more.
    await ingestBatch(deps(), b);
    // Two workers running one new batch at once (a stalled job picked up while the first still runs).
    const b2 = batch('b2', 20);
    await Promise.all([ingestBatch(deps(), b2), ingestBatch(deps(), b2), ingestBatch(deps(), b2)]);
    const after = await day();
    expect(after.n).toBe(50);
    expect(after.rating_n).toBe(50);
    expect((await terms()).items).toBe(50);
    const hourTotal = [...(await hours()).values()].reduce((a, s) => a + (s.n ?? 0), 0);
    expect(hourTotal).toBe(50);
    expect([...firstHours.values()].reduce((a, s) => a + (s.n ?? 0), 0)).toBe(30);
  });

  it('a crash between storing and counting loses nothing and counts once', async () => {
    const before = await day();
    const b = batch('b3', 10);
    const batchKey = `${b.sourceId}|${b.batchId}`;
    // The first attempt stored the items, then died before counting them …
    await env.container.repos.feedback.insertOrQuarantine(
      buildItemDocs(testClassifier(), b, new Date()).map((d) => ({ ...d, _id: itemIdFor(d.sourceId, d.externalId), insertedBy: batchKey })),
    );
    expect((await day()).n).toBe(before.n);
    // … so the retry finds its own items stored and counts them, once, however often it runs.
    await ingestBatch(deps(), b);
    await ingestBatch(deps(), b);
    const after = await day();
    expect(after.n).toBe((before.n ?? 0) + 10);
    expect(after.cat_complaint ?? 0).toBeGreaterThanOrEqual(before.cat_complaint ?? 0);
    const all = Object.keys(after);
    for (const k of all) expect(Number.isFinite(after[k])).toBe(true);
  });

  it('a label correction (minus then plus, no key) still moves counters', async () => {
    const [item] = (await env.container.repos.feedback.list({ limit: 1, sourceId: 'src-redelivery' })).items;
    const before = await day();
    const after = { ...item!.classification, category: 'advocacy' as const, advocacy: true };
    await env.container.repos.counters.addItems([item!], -1);
    await env.container.repos.counters.addItems([{ ...item!, classification: after }], 1);
    const now = await day();
    expect(now.n).toBe(before.n);
    expect(now.cat_advocacy).toBe((before.cat_advocacy ?? 0) + (item!.classification.category === 'advocacy' ? 0 : 1));
  });
});
