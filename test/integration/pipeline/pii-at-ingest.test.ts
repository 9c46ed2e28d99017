/**
 * The privacy promise end to end: contact details pushed in any free-text field (text, url, meta,
 * externalId) reach neither the Redis job payload nor any document in the three databases, and an
 * item whose id carried them still de-duplicates when it is sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { AGENT_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

// The values a fault-injection run found stored raw, and the leftovers it found around placeholders.
const PLANTED = [
  'josé.garcía@exämple.com',
  'ceo@localhost',
  'mary dot smith at gmail dot com',
  '"quoted name"@example.org',
  '+33 6 12 34 56 78',
  '+٩٧١٥٠١٢٣٤٥٦٧',
  '０９０−１２３４−５６７８',
  '4111_1111_1111_1111',
  "o'brien@example.ie",
  '1-800-555-0199',
  'GB82 WEST 1234 5698 7654 32',
];
// What must not survive anywhere, digits in ASCII as well as in the script they were sent in.
const TRACES = [/garc/i, /localhost/, /mary/i, /quoted name/, /12 34 56 78/, /٩٧١/, /971501234567/, /１２３４/, /1234-5678/, /4111/, /brien/i, /555-0199/, /WEST/, /5698/, /jane\.doe/, /0612345678/];

const body = {
  label: 'acme',
  kind: 'review' as const,
  items: PLANTED.map((value, i) => ({
    externalId: i === 0 ? 'reply-jane.doe@example.com' : `pii-${i}`,
    text: `The staff were rude and nobody helped me, I want a refund now. Contact me: ${value} please.`,
    rating: 1,
    url: `https://reviews.example/r/${i}?email=jane.doe%40example.com&page=2#call-+33612345678`,
    meta: { phone: '0612345678', orderId: '100234556', note: `reach me on ${value}` },
  })),
};

describe('PII never reaches the queue or the store', () => {
  let env: TestEnv;
  let workers: RunningWorkers | undefined;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('pii');
    api = await listen(createApp(env.container), AGENT_KEY);
  });

  afterAll(async () => {
    await api?.close();
    await workers?.close();
    await env?.teardown();
  });

  it('keeps contact details out of the job payload, every stored document, and re-sends still de-duplicate', { timeout: 60_000 }, async () => {
    const first = await api.request('POST', '/v1/items', { body });
    expect(first.status).toBe(202);
    const keyedId = first.body.accepted[0];
    expect(keyedId).toMatch(/^p-[0-9a-f]{32}$/);

    // Before any worker runs, the payload waiting in Redis.
    const job = await env.container.queues.byName.ingest.getJob(first.body.batchId);
    const payload = JSON.stringify(job?.data);
    expect(payload).toContain('[email]');
    for (const trace of TRACES) expect(payload).not.toMatch(trace);

    workers = await startWorkers(env.container, testClassifier());
    await eventually(async () => (await env.container.repos.feedback.count({ label: 'acme' })) === PLANTED.length, 30_000);
    const again = await api.request('POST', '/v1/items', { body });
    expect(again.body).toMatchObject({ batchId: first.body.batchId, accepted: first.body.accepted });

    const stored: Record<string, unknown[]> = {};
    for (const [name, db] of Object.entries(env.container.databases)) {
      for (const { name: collection } of await db.db!.listCollections().toArray()) {
        stored[`${name}.${collection}`] = await db.db!.collection(collection).find({}).toArray();
      }
    }
    const everything = JSON.stringify(stored);
    for (const trace of TRACES) expect(everything).not.toMatch(trace);
    expect(Object.keys(stored).some((k) => k.startsWith('cases.') && stored[k]!.length > 0)).toBe(true);

    const items = (await api.request('GET', '/v1/items?limit=50')).body.items as Array<{ externalId: string; text: string; url: string; meta: Record<string, string> }>;
    expect(items).toHaveLength(PLANTED.length);
    expect(items.filter((i) => i.externalId === keyedId)).toHaveLength(1);
    const texts = items.map((i) => i.text).sort();
    expect(texts.filter((t) => t.endsWith('Contact me: [email] please.'))).toHaveLength(5);
    expect(texts.filter((t) => t.endsWith('Contact me: [phone] please.'))).toHaveLength(4);
    expect(texts.filter((t) => t.endsWith('Contact me: [card] please.'))).toHaveLength(1);
    expect(texts.filter((t) => t.endsWith('Contact me: [iban] please.'))).toHaveLength(1);
    const one = items.find((i) => i.externalId === 'pii-1')!;
    expect(one.url).toBe('https://reviews.example/r/1?email=%5Bemail%5D&page=2#call-[phone]');
    expect(one.meta).toEqual({ phone: '[phone]', orderId: '100234556', note: 'reach me on [email]' });
  });
});
