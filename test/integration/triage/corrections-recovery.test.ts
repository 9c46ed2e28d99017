import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { exportCorrections } from '../../../src/cli/export-corrections.command.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { complaint, delightedAdvocate, hoursBefore, labels, satisfied, storeItems } from './triage-fixtures.ts';

/** "The latte was lukewarm and bland this time": the satisfaction category at the dissatisfied level. */
const lukewarm = () => labels({ category: 'satisfaction', satisfaction: 'dissatisfied', sentiment: { score: -2, comparative: -0.2, label: 'negative' } });

let env: TestEnv;
let api: TestApi;
const agentKeyId = createHash('sha256').update(AGENT_KEY).digest('hex').slice(0, 12);

beforeAll(async () => {
  env = await startTestEnv('triage_corrections');
  api = await listen(createApp(env.container), AGENT_KEY);
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

describe('classification corrections', () => {
  // A fixed day so the trend bucket is known.
  const day = new Date('2026-02-10T12:00:00Z');
  const buzzDay = async () => {
    const res = await api.request('GET', '/v1/trends/buzz?interval=day&from=2026-02-10T00:00:00Z&to=2026-02-11T00:00:00Z', { key: VIEWER_KEY });
    expect(res.status).toBe(200);
    return res.body.buckets[0];
  };
  let x: string;
  let y: string;

  beforeAll(async () => {
    const stored = await storeItems(env.container, [
      { externalId: 'X', author: 'xavier', text: 'The grinder is fine I guess, but it broke the second week', classification: satisfied(), publishedAt: day },
      { externalId: 'Y', author: 'yolanda', text: 'Do you ship to Canada?', classification: complaint('instrumental'), publishedAt: day },
      { externalId: 'Z', author: 'zed', text: 'Lovely beans', classification: satisfied(), publishedAt: day },
    ]);
    x = String(stored.get('X')!._id);
    y = String(stored.get('Y')!._id);
  });

  it('stores the fix beside the model output, with who and when, and moves the trend counters', async () => {
    const before = await buzzDay();
    expect(before).toMatchObject({ total: 3, categories: { complaint: 1, satisfaction: 2, neutral: 0 } });

    const res = await api.request('PATCH', `/v1/items/${x}/classification`, { body: { complaint: { intent: 'instrumental', blame: 'ostensive' }, satisfaction: 'dissatisfied', note: 'broken after two weeks' } });
    expect(res.status).toBe(200);
    expect(res.body.changed).toEqual(['category', 'complaint', 'satisfaction']);
    expect(res.body.classification).toMatchObject({ category: 'complaint', complaint: { intent: 'instrumental', blame: 'ostensive' }, satisfaction: 'dissatisfied' });
    expect(res.body.modelClassification).toMatchObject({ category: 'satisfaction', complaint: null, satisfaction: 'satisfied' });
    expect(res.body.correction).toMatchObject({ by: agentKeyId, fields: ['category', 'complaint', 'satisfaction'], note: 'broken after two weeks', rev: 1 });

    // Every report reads the corrected label from now on: the trend counters…
    expect(await buzzDay()).toMatchObject({ total: 3, categories: { complaint: 2, satisfaction: 1, neutral: 0 } });
    // …the item list…
    const complaints = await api.request('GET', '/v1/items?category=complaint', { key: VIEWER_KEY });
    expect(complaints.body.items.map((i: { id: string }) => i.id).sort()).toEqual([x, y].sort());
    // …and the triage queue: the item is now a case.
    const cases = (await api.request('GET', '/v1/cases')).body.cases as Array<{ itemId: string; id: string }>;
    const opened = cases.find((c) => c.itemId === x)!;
    const detail = await api.request('GET', `/v1/cases/${opened.id}`);
    expect(detail.body.history[0]).toMatchObject({ action: 'opened', by: agentKeyId, text: 'opened by a classification correction' });
  });

  it('a complaint corrected away dismisses its case; the counters follow again', async () => {
    const caseY = ((await api.request('GET', '/v1/cases')).body.cases as Array<{ itemId: string; id: string }>).find((c) => c.itemId === y)!;
    const res = await api.request('PATCH', `/v1/items/${y}/classification`, { body: { category: 'neutral', sentiment: 'neutral', satisfaction: null } });
    expect(res.status).toBe(200);
    expect(res.body.classification.complaint).toBeNull();
    expect(await buzzDay()).toMatchObject({ total: 3, categories: { complaint: 1, satisfaction: 1, neutral: 1 } });
    const detail = await api.request('GET', `/v1/cases/${caseY.id}`);
    expect(detail.body.status).toBe('dismissed');
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'reclassified', 'status']);
    const sat = await api.request('GET', '/v1/trends/satisfaction?interval=day&from=2026-02-10T00:00:00Z&to=2026-02-11T00:00:00Z', { key: VIEWER_KEY });
    const bucket = sat.body.buckets[0];
    expect(bucket.mix).toEqual({ dissatisfied: 1, satisfied: 1, delighted: 0 });
  });

  it('validates: roles, fields, consistency, unknown items', async () => {
    expect((await api.request('PATCH', `/v1/items/${x}/classification`, { key: VIEWER_KEY, body: { category: 'neutral' } })).status).toBe(403);
    const bad = await api.request('PATCH', `/v1/items/${x}/classification`, { body: { category: 'angry' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('body.category');
    const inconsistent = await api.request('PATCH', `/v1/items/${y}/classification`, { body: { category: 'complaint' } });
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.body.fields[0].field).toBe('body.complaint');
    expect((await api.request('PATCH', `/v1/items/${x}/classification`, { body: { note: 'only a note' } })).status).toBe(400);
    expect((await api.request('PATCH', '/v1/items/0123456789abcdef01234567/classification', { body: { category: 'neutral' } })).status).toBe(404);
    // Nothing above changed the counters.
    expect(await buzzDay()).toMatchObject({ total: 3, categories: { complaint: 1, satisfaction: 1, neutral: 1 } });
  });

  it('exports the latest correction per item as JSONL for retraining', async () => {
    await api.request('PATCH', `/v1/items/${x}/classification`, { body: { aspects: ['product'] } });
    const chunks: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
    const lines = await exportCorrections(env.container, sink);
    expect(lines).toBe(2);
    const rows = chunks.join('').trim().split('\n').map((l) => JSON.parse(l));
    const rowX = rows.find((r) => r.id === x);
    expect(rowX).toMatchObject({
      text: 'The grinder is fine I guess, but it broke the second week',
      category: 'complaint',
      complaint: { intent: 'instrumental', blame: 'ostensive' },
      aspects: ['product'],
      model: { version: 'fixture', category: 'satisfaction' },
      correctedFields: ['aspects'],
      correctedBy: agentKeyId,
    });
  });
});

describe('service recovery', () => {
  const now = new Date();
  const complainedAt = hoursBefore(now, 30);
  const resolvedAt = hoursBefore(now, 10);
  const laterAt = hoursBefore(now, 5);
  const recovered = ['r1', 'r4', 'r5', 'r6', 'r7'];

  beforeAll(async () => {
    const authors = [...recovered, 'r2', 'r3', 'r8'];
    const stored = await storeItems(env.container, [
      ...authors.map((a) => ({ externalId: `cmp-${a}`, author: a, classification: complaint('instrumental'), publishedAt: complainedAt, sourceId: 'recovery' })),
      { externalId: 'cmp-anon', classification: complaint('instrumental'), publishedAt: complainedAt, sourceId: 'recovery' },
      // r2 was happy before the resolution but complains again after it: not recovered.
      { externalId: 'r2-before', author: 'r2', classification: satisfied(), publishedAt: hoursBefore(now, 20), sourceId: 'recovery' },
    ]);
    const { cases } = env.container.triage;
    for (const item of stored.values()) {
      const c = (await cases.queue({ sourceId: 'recovery' }, 100)).cases.find((r) => r.doc.itemId === String(item._id));
      if (!c) continue;
      await cases.patch(String(c.doc._id), { status: 'acknowledged' }, 'lead', hoursBefore(now, 25));
      await cases.patch(String(c.doc._id), { status: 'resolved' }, 'lead', resolvedAt);
    }
    await storeItems(env.container, [
      { externalId: 'later-r1', author: 'r1', classification: satisfied(), publishedAt: laterAt, sourceId: 'recovery', rating: 5 },
      { externalId: 'later-r4', author: 'r4', classification: delightedAdvocate(), publishedAt: laterAt, sourceId: 'recovery' },
      { externalId: 'later-r5', author: 'r5', classification: satisfied(), publishedAt: laterAt, sourceId: 'recovery', rating: 4 },
      { externalId: 'later-r6', author: 'r6', classification: delightedAdvocate(), publishedAt: laterAt, sourceId: 'recovery' },
      { externalId: 'later-r7a', author: 'r7', classification: complaint('non-instrumental'), publishedAt: hoursBefore(now, 8), sourceId: 'recovery' },
      { externalId: 'later-r7b', author: 'r7', classification: satisfied(), publishedAt: laterAt, sourceId: 'recovery' },
      { externalId: 'later-r2', author: 'r2', classification: complaint('instrumental'), publishedAt: laterAt, sourceId: 'recovery' },
      // r8 comes back with "the latte was lukewarm and bland this time" (rating 2): not recovered.
      { externalId: 'later-r8', author: 'r8', classification: lukewarm(), publishedAt: laterAt, sourceId: 'recovery', rating: 2 },
      // r1 writes again after the window: it decides nothing new and is outside both paradox groups.
      { externalId: 'after-r1', author: 'r1', classification: satisfied(), publishedAt: new Date(now.getTime() + 2 * 3_600_000), sourceId: 'recovery', rating: 5 },
      { externalId: 'nc-n7', author: 'n7', classification: lukewarm(), publishedAt: laterAt, sourceId: 'recovery', rating: 2 },
      // Never complained: three satisfied, three neutral, one without an author (not counted).
      ...['n1', 'n2', 'n3'].map((a) => ({ externalId: `nc-${a}`, author: a, classification: satisfied(), publishedAt: laterAt, sourceId: 'recovery', rating: 4 })),
      ...['n4', 'n5', 'n6'].map((a) => ({ externalId: `nc-${a}`, author: a, classification: labels(), publishedAt: laterAt, sourceId: 'recovery', rating: 3 })),
      { externalId: 'nc-anon', classification: satisfied(), publishedAt: laterAt, sourceId: 'recovery' },
    ]);
  });

  it('classes each resolved case as recovered, not recovered, silent or untraceable, with the paradox check', async () => {
    const from = hoursBefore(now, 24).toISOString();
    const to = now.toISOString();
    const res = await api.request('GET', `/v1/recovery?from=${from}&to=${to}`, { key: VIEWER_KEY });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.resolvedCases).toBe(9);
    expect(r.outcomes).toEqual({ recovered: 5, notRecovered: 2, silent: 1, untraceable: 1 });
    expect(r.recoveryRate).toBeCloseTo(5 / 8, 3);
    expect(r.recoveryRateAmongResponders).toBeCloseTo(5 / 7, 3);
    expect(r.timeToResolution).toMatchObject({ count: 9, meanHours: 20, medianHours: 20 });
    expect(r.timeToFirstResponse).toMatchObject({ count: 9, meanHours: 5 });
    // Recovered complainants: 6 later items in the window from 5 authors, 5 of them satisfied (r7's venting is not).
    expect(r.paradox.recoveredComplainants).toMatchObject({ authors: 5, items: 6, satisfiedItems: 5, satisfiedShare: 0.833, meanRating: 4.5, ratedItems: 2 });
    // Never complained: n1…n7 (the corrections section's authors are outside the window); n7's lukewarm latte is not satisfied.
    expect(r.paradox.neverComplained).toMatchObject({ authors: 7, items: 7, satisfiedItems: 3, satisfiedShare: 0.429, meanRating: 3.286, ratedItems: 7 });
    expect(r.paradox.satisfiedShareDifference).toBeCloseTo(5 / 6 - 3 / 7, 3);
    expect(r.paradox.holds).toBe(true);
    // Each listed case says whose it is.
    const r8 = r.cases.find((x: { outcome: string; authorHash: string | null; decidedByItemId: string | null }) => x.outcome === 'not-recovered' && x.decidedByItemId !== null && x.authorHash === hashAuthor('r8', env.container.config.privacy.authorSalt));
    expect(r8).toMatchObject({ itemId: expect.any(String), label: 'acme', customerExternalId: null });
    expect(r.cases.find((x: { outcome: string }) => x.outcome === 'untraceable')).toMatchObject({ authorHash: null });
  });

  it('says when there is not enough data, and validates the window', async () => {
    const empty = await api.request('GET', '/v1/recovery?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z', { key: VIEWER_KEY });
    expect(empty.body).toMatchObject({ resolvedCases: 0, recoveryRate: null, paradox: { holds: null } });
    expect((await api.request('GET', '/v1/recovery?from=2026-02-02&to=2026-02-01', { key: VIEWER_KEY })).status).toBe(400);
    expect((await api.request('GET', '/v1/recovery?from=yesterday', { key: VIEWER_KEY })).status).toBe(400);
    expect((await api.request('GET', '/v1/recovery', { key: ADMIN_KEY })).status).toBe(200);
  });
});
