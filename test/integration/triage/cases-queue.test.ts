import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { caseIdFor } from '../../../src/domain/cases/case.repository.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { complaint, customerWithLtv, hoursBefore, storeItems } from './triage-fixtures.ts';

let env: TestEnv;
let api: TestApi;
const ids: Record<string, string> = {};
let storedItems: Awaited<ReturnType<typeof storeItems>>;
const agentKeyId = createHash('sha256').update(AGENT_KEY).digest('hex').slice(0, 12);

interface CaseView {
  id: string;
  itemId: string;
  priority: number;
  priorityReasons: Array<{ factor: string; points: number }>;
  sla: { breached: boolean; hours: number };
  tier: string;
  status: string;
}

/**
 * A constructed queue whose order is known. Sentiment −0.15 (5 points) unless said; reach 0.
 *   D instrumental, core, 48 h old: SLA 24 h breached → 150 + 20 + 30 + 5        = 205
 *   A instrumental, MVC, 1 h old (SLA 4 h)          → 150 + 40 + 5 + 5          = 200
 *   G instrumental, core, 1 h, 1 earlier complaint   → 150 + 20 + 0.83 + 5 + 5   ≈ 180.8
 *   B instrumental, core, 1 h                       → 150 + 20 + 0.83 + 5       ≈ 175.8
 *   F instrumental, unknown, 1 h, reach 10,000, −0.6 → 150 + 0.28 + 10 + 10      ≈ 170.3
 *   C instrumental, unknown, 1 h                    → 150 + 0.28 + 5            ≈ 155.3
 *   R instrumental reflexive, unknown, 1 h, −0.09   → 150 + 0.28 + 3            ≈ 153.3
 *   G2 venting, core (same author as G), 10 h        → 20 + 8.33 + 5             ≈ 33.3
 *   E venting, unknown, 3 h                          → 0.83 + 5                  ≈ 5.8
 */
const EXPECTED_ORDER = ['D', 'A', 'G', 'B', 'F', 'C', 'R', 'G2', 'E'];

beforeAll(async () => {
  env = await startTestEnv('triage_cases');
  api = await listen(createApp(env.container), AGENT_KEY);
  // m1 brings 10,000 of 19,000 total LTV: the only MVC. c1…c9 are core.
  const customers = [customerWithLtv('m1', 10_000, ['mvc_author']), ...Array.from({ length: 9 }, (_, i) => customerWithLtv(`c${i + 1}`, 1000, [`core_author${i + 1}`]))];
  expect((await api.request('POST', '/v1/customers', { key: ADMIN_KEY, body: { customers } })).status).toBe(200);
  const now = new Date();
  const stored = (storedItems = await storeItems(env.container, [
    { externalId: 'D', author: 'core_author2', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 48), sourceId: 'reviews', kind: 'review' },
    { externalId: 'A', author: 'mvc_author', classification: complaint('instrumental', 'ostensive', -0.15, ['people']), publishedAt: hoursBefore(now, 1) },
    { externalId: 'G2', author: 'core_author3', classification: complaint('non-instrumental'), publishedAt: hoursBefore(now, 10) },
    { externalId: 'G', author: 'core_author3', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
    { externalId: 'B', author: 'core_author1', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
    { externalId: 'F', author: 'loud', reach: 10_000, classification: complaint('instrumental', 'ostensive', -0.6), publishedAt: hoursBefore(now, 1) },
    { externalId: 'C', author: 'stranger', classification: complaint('instrumental'), publishedAt: hoursBefore(now, 1) },
    { externalId: 'R', author: 'selfblame', classification: complaint('instrumental', 'reflexive', -0.09, ['process']), publishedAt: hoursBefore(now, 1) },
    { externalId: 'E', author: 'stranger2', classification: complaint('non-instrumental'), publishedAt: hoursBefore(now, 3) },
  ]));
  const byItem = new Map([...stored].map(([ext, item]) => [String(item._id), ext]));
  const all = await api.request('GET', '/v1/cases?limit=200', { key: VIEWER_KEY });
  for (const c of all.body.cases as CaseView[]) ids[byItem.get(c.itemId)!] = c.id;
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

const names = (cases: CaseView[]) => cases.map((c) => Object.entries(ids).find(([, id]) => id === c.id)?.[0]);

describe('the triage queue', () => {
  it('opens one case per complaint, ranked by the explained priority score', async () => {
    const res = await api.request('GET', '/v1/cases', { key: VIEWER_KEY });
    expect(res.status).toBe(200);
    expect(names(res.body.cases)).toEqual(EXPECTED_ORDER);
    const [d, a] = res.body.cases as CaseView[];
    expect(d!.priority).toBeCloseTo(205, 0);
    expect(a!.priority).toBeCloseTo(200, 0);
    expect(Object.fromEntries(a!.priorityReasons.map((r) => [r.factor, r.points]))).toMatchObject({ intent: 150, tier: 40, reach: 0, sentiment: 5, repeat: 0 });
    const g = (res.body.cases as CaseView[])[2]!;
    expect(g.priorityReasons.find((r) => r.factor === 'repeat')).toMatchObject({ value: 1, points: 5 });
    // Scores add up to the explanation.
    for (const c of res.body.cases as CaseView[]) expect(c.priority).toBeCloseTo(c.priorityReasons.reduce((s, r) => s + r.points, 0), 1);
  });

  it('a batch redelivered before it was counted opens no second case', async () => {
    const before = (await env.container.triage.cases.stats()).total;
    for (const listener of env.container.triage.listeners) await listener([...storedItems.values()]);
    expect((await env.container.triage.cases.stats()).total).toBe(before);
  });

  it('pages with a cursor without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { cases: CaseView[]; nextCursor: string | null } } = await api.request('GET', `/v1/cases?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...(names(res.body.cases) as string[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(EXPECTED_ORDER);
    expect((await api.request('GET', '/v1/cases?cursor=bogus')).status).toBe(400);
  });

  it('filters by tier, intent, blame, aspect, source and education', async () => {
    const q = async (query: string) => names((await api.request('GET', `/v1/cases?${query}`)).body.cases);
    expect(await q('tier=mvc')).toEqual(['A']);
    expect(await q('tier=core')).toEqual(['D', 'G', 'B', 'G2']);
    expect(await q('tier=unknown')).toEqual(['F', 'C', 'R', 'E']);
    expect(await q('intent=non-instrumental')).toEqual(['G2', 'E']);
    expect(await q('blame=reflexive')).toEqual(['R']);
    expect(await q('education=true')).toEqual(['R']);
    expect(await q('aspect=people')).toEqual(['A']);
    expect(await q('source=reviews')).toEqual(['D']);
    const bad = await api.request('GET', '/v1/cases?tier=gold&status=closed');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['query.status', 'query.tier']);
  });

  it('reports SLA breaches per tier, and customer-education opportunities', async () => {
    const res = await api.request('GET', '/v1/cases', { key: VIEWER_KEY });
    const breached = names((res.body.cases as CaseView[]).filter((c) => c.sla.breached));
    expect(breached).toEqual(['D']);
    expect((res.body.cases as CaseView[]).find((c) => c.id === ids.A)!.sla.hours).toBe(4);
    const stats = (await api.request('GET', '/v1/cases/stats', { key: VIEWER_KEY })).body;
    expect(stats).toMatchObject({
      total: 9,
      active: 9,
      activeByTier: { mvc: 1, core: 4, unknown: 4 },
      slaBreached: { active: 1, byTier: { core: 1 } },
      customerEducation: { total: 1, active: 1, byAspect: { process: 1 } },
    });
  });

  it('an at-risk customer jumps the queue with a shorter SLA', async () => {
    // c1 (author of B) says they are leaving: B gains 15 points and the 8 h at-risk SLA.
    await storeItems(env.container, [
      { externalId: 'B-leaving', author: 'core_author1', text: 'Cancelled my subscription, switching to RivalRoast', classification: complaint('non-instrumental'), publishedAt: new Date() },
    ]);
    const res = await api.request('GET', '/v1/cases?tier=at-risk');
    const b = (res.body.cases as CaseView[]).find((c) => c.id === ids.B)!;
    expect(b.priorityReasons.find((r) => r.factor === 'at-risk')?.points).toBe(15);
    expect(b.sla).toMatchObject({ tier: 'at-risk', hours: 8 });
    const queue = names((await api.request('GET', '/v1/cases?intent=instrumental')).body.cases);
    expect(queue.slice(0, 4)).toEqual(['D', 'A', 'B', 'G']);
  });
});

describe('the case workflow', () => {
  it('moves open → acknowledged → resolved, records who did what, and answers 409 on illegal moves', async () => {
    const id = ids.C!;
    const skip = await api.request('PATCH', `/v1/cases/${id}`, { body: { status: 'resolved' } });
    expect(skip.status).toBe(409);
    expect(skip.body.detail).toContain('cannot move a case from open to resolved');

    const ack = await api.request('PATCH', `/v1/cases/${id}`, { body: { status: 'acknowledged', assignee: 'sam', note: 'Asked for the order number' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', assignee: 'sam', notes: [{ by: agentKeyId, text: 'Asked for the order number' }] });
    expect(ack.body.acknowledgedAt).toBeTruthy();

    expect((await api.request('PATCH', `/v1/cases/${id}`, { body: { status: 'open' } })).status).toBe(409);
    expect((await api.request('PATCH', `/v1/cases/${id}`, { body: { status: 'resolved' } })).status).toBe(200);
    for (const status of ['open', 'acknowledged', 'dismissed']) {
      expect((await api.request('PATCH', `/v1/cases/${id}`, { body: { status } })).status).toBe(409);
    }
    const detail = await api.request('GET', `/v1/cases/${id}`, { key: VIEWER_KEY });
    expect(detail.body.history.map((h: { action: string; by: string; from?: string; to?: string }) => [h.action, h.by, h.from ?? null, h.to ?? null])).toEqual([
      ['opened', 'system', null, 'open'],
      ['status', agentKeyId, 'open', 'acknowledged'],
      ['assign', agentKeyId, null, 'sam'],
      ['note', agentKeyId, null, null],
      ['status', agentKeyId, 'acknowledged', 'resolved'],
    ]);
    expect((await api.request('GET', '/v1/cases?assignee=sam&status=resolved')).body.cases).toHaveLength(1);
  });

  it('validates input and roles', async () => {
    expect((await api.request('PATCH', `/v1/cases/${ids.D}`, { key: VIEWER_KEY, body: { status: 'acknowledged' } })).status).toBe(403);
    const bad = await api.request('PATCH', `/v1/cases/${ids.D}`, { body: { status: 'closed', owner: 'x' } });
    expect(bad.status).toBe(400);
    expect((await api.request('PATCH', `/v1/cases/${ids.D}`, { body: {} })).status).toBe(400);
    expect((await api.request('PATCH', '/v1/cases/0123456789abcdef01234567', { body: { status: 'acknowledged' } })).status).toBe(404);
    expect((await api.request('GET', `/v1/cases/${ids.D}`, { key: VIEWER_KEY })).body.status).toBe('open');
  });

  it('acknowledges venting in bulk, never an instrumental complaint', async () => {
    const byIds = await api.request('POST', '/v1/cases/acknowledge-venting', { body: { ids: [ids.E, ids.A] } });
    expect(byIds.status).toBe(200);
    expect(byIds.body).toEqual({ acknowledged: 1, skipped: [{ id: ids.A, reason: 'instrumental: needs an individual response' }] });
    const byFilter = await api.request('POST', '/v1/cases/acknowledge-venting', { body: { filter: {}, note: 'weekly sweep' } });
    expect(byFilter.body.acknowledged).toBe(2); // G2 and B-leaving
    expect((await api.request('GET', '/v1/cases?intent=non-instrumental&status=open')).body.cases).toEqual([]);
    expect((await api.request('GET', `/v1/cases/${ids.A}`)).body.status).toBe('open');
    expect((await api.request('POST', '/v1/cases/acknowledge-venting', { key: VIEWER_KEY, body: { ids: [ids.E] } })).status).toBe(403);
  });
});

describe('the worker opens cases', () => {
  let workers: RunningWorkers | undefined;
  afterAll(async () => workers?.close());

  it('every complaint the classifier finds in a pushed batch gets a case', async () => {
    workers = await startWorkers(env.container, testClassifier());
    const texts = [
      'My espresso machine stopped working after two weeks. I emailed support twice and nobody replied. I want a replacement or my money back.',
      'Order placed 10 days ago, tracking has not updated since. Can someone tell me where my order is? Please refund me.',
      'Waited 45 minutes on hold with support. Absolute joke.',
      'The delivery came a day early and the beans were great. Best coffee I have had in years.',
    ];
    const push = await api.request('POST', '/v1/items', { body: { label: 'acme', kind: 'review', items: texts.map((text, i) => ({ externalId: `w-${i}`, text, author: `worker_author${i}` })) } });
    expect(push.status).toBe(202);
    const stored = await eventually(async () => {
      const items = (await api.request('GET', '/v1/items?source=push&limit=50', { key: VIEWER_KEY })).body.items as Array<{ id: string; classification: { category: string } }>;
      return items.length === texts.length ? items : null;
    });
    const complaints = stored.filter((i) => i.classification.category === 'complaint').map((i) => i.id);
    expect(complaints.length).toBeGreaterThan(0);
    // Items are visible as soon as they are upserted; the listeners run just after, so wait for the cases.
    const caseItems = await eventually(async () => {
      const cases = (await api.request('GET', '/v1/cases?source=push&status=all&limit=200')).body.cases as CaseView[];
      return cases.length >= complaints.length ? cases.map((c) => c.itemId).sort() : null;
    });
    expect(caseItems).toEqual(complaints.sort());
  });
});

describe('customers imported after their complaints', () => {
  it('link existing cases to the customer and tier, keeping each audit trail (bulk rewrite path)', async () => {
    const now = new Date();
    // 25 cases change: more than are updated in place, so they are rewritten as whole documents.
    await storeItems(
      env.container,
      Array.from({ length: 25 }, (_, i) => ({ externalId: `late-${i}`, author: `late_author${i}`, classification: complaint('instrumental'), publishedAt: hoursBefore(now, 2), sourceId: 'late' })),
    );
    const before = (await api.request('GET', '/v1/cases?source=late&limit=200')).body.cases as CaseView[];
    expect(before.every((c) => c.tier === 'unknown')).toBe(true);
    const noted = before[0]!.id;
    await api.request('PATCH', `/v1/cases/${noted}`, { body: { note: 'called them' } });

    const customers = Array.from({ length: 25 }, (_, i) => customerWithLtv(`late${i}`, 100, [`late_author${i}`]));
    expect((await api.request('POST', '/v1/customers', { key: ADMIN_KEY, body: { customers } })).status).toBe(200);
    const after = (await api.request('GET', '/v1/cases?source=late&limit=200')).body.cases as Array<CaseView & { customer: { externalId: string } | null }>;
    expect(after).toHaveLength(25);
    expect(after.every((c) => c.tier === 'core' && c.customer?.externalId.startsWith('late'))).toBe(true);
    const detail = await api.request('GET', `/v1/cases/${noted}`);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'note']);
    expect(detail.body.notes).toHaveLength(1);
  });

  it('stores a new case without its opening defaults and reads it back whole', async () => {
    const stored = await storeItems(env.container, [{ externalId: 'fresh', author: 'fresh_author', classification: complaint('instrumental'), publishedAt: hoursBefore(new Date(), 1) }]);
    const id = String(caseIdFor(String(stored.get('fresh')!._id)));
    const raw = await env.container.databases.cases.collection('cases').findOne({ _id: new Types.ObjectId(id) });
    // Nulls, zeros, empty lists and the system's opening event are not written (FerretDB's cost is per field) …
    for (const field of ['customerId', 'assignee', 'notes', 'history', 'reach', 'resolvedAt', 'updatedAt']) expect(raw).not.toHaveProperty(field);
    // … but filtered ones are, so `tier=unknown` and `atRisk=false` still match.
    expect(raw).toMatchObject({ tier: 'unknown', atRisk: false, education: false, status: 'open' });
    const detail = (await api.request('GET', `/v1/cases/${id}`, { key: VIEWER_KEY })).body;
    expect(detail).toMatchObject({ assignee: null, notes: [], customer: null });
    expect(detail.history).toEqual([expect.objectContaining({ action: 'opened', by: 'system', to: 'open' })]);
  });
});
