import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { importCustomersCsv } from '../../../src/cli/import-customers.command.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { customerWithLtv, hoursBefore, labels, storeItems } from './triage-fixtures.ts';

let env: TestEnv;
let api: TestApi;

beforeAll(async () => {
  env = await startTestEnv('triage_customers');
  api = await listen(createApp(env.container), ADMIN_KEY);
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

/**
 * The worked example. LTV = (price − cost) × purchasesPerYear × years − acquisitionCost:
 *   W1 (50 − 20) × 12 × 10 − 400 = 3,200   (years defaults to 10)
 *   W2 (30 − 10) × 6 × 5 − 100   =   500
 *   W3 (12 − 4) × 24 × 10 − 120  = 1,800
 *   W4 (100 − 60) × 2 × 3 − 40   =   200
 *   W5 (9 − 9.5) × 10 × 10 − 50  =  −100   (a loss: left out of the total, never MVC)
 *   F00…F11: twelve customers at 1,000
 * Total positive LTV 17,700; 20% of it is 3,540. W1 alone (3,200) falls short; W1 + W3 (5,000)
 * reach it, so MVC = {W1, W3} and everyone else is core.
 */
const WORKED = [
  { externalId: 'W1', identities: ['dana@example.com', '@dana.k'], price: 50, cost: 20, purchasesPerYear: 12, acquisitionCost: 400 },
  { externalId: 'W2', identities: ['mike_t'], price: 30, cost: 10, purchasesPerYear: 6, years: 5, acquisitionCost: 100 },
  { externalId: 'W3', identities: ['quietquit'], price: 12, cost: 4, purchasesPerYear: 24, years: 10, acquisitionCost: 120 },
  { externalId: 'W4', identities: [], price: 100, cost: 60, purchasesPerYear: 2, years: 3, acquisitionCost: 40 },
  { externalId: 'W5', identities: [], price: 9, cost: 9.5, purchasesPerYear: 10, years: 10, acquisitionCost: 50 },
  ...Array.from({ length: 12 }, (_, i) => customerWithLtv(`F${String(i).padStart(2, '0')}`, 1000, [`filler${i}`])),
];

describe('customers: LTV and tiers', () => {
  it('computes LTV per the formula and MVC as the smallest set bringing 20% of total LTV', async () => {
    const res = await api.request('POST', '/v1/customers', { body: { customers: WORKED } });
    expect(res.status).toBe(200);
    expect(res.body.upserted).toBe(17);
    expect(res.body.tiers).toEqual({ share: 0.2, customerCount: 17, mvcCount: 2, totalLtv: 17700, mvcLtv: 5000, cutoffLtv: 1800 });
    const byId = Object.fromEntries(res.body.customers.map((c: { externalId: string }) => [c.externalId, c]));
    expect(byId.W1).toMatchObject({ ltv: 3200, tier: 'mvc' });
    expect(byId.W2).toMatchObject({ ltv: 500, tier: 'core' });
    expect(byId.W3).toMatchObject({ ltv: 1800, tier: 'mvc' });
    expect(byId.W4).toMatchObject({ ltv: 200, tier: 'core' });
    expect(byId.W5).toMatchObject({ ltv: -100, tier: 'core' });
    expect(byId.F00).toMatchObject({ ltv: 1000, tier: 'core' });

    const w1 = await api.request('GET', '/v1/customers/W1', { key: VIEWER_KEY });
    expect(w1.status).toBe(200);
    expect(w1.body.ltv).toMatchObject({
      value: 3200,
      inputs: { price: 50, cost: 20, purchasesPerYear: 12, years: 10, acquisitionCost: 400 },
      steps: { marginPerPurchase: 30, marginPerYear: 360, lifetimeMargin: 3600, acquisitionCost: 400, ltv: 3200 },
      text: '(50 − 20) × 12 × 10 − 400 = 3200',
    });
    // Identities are kept only as salted hashes.
    expect(w1.body.identities).toBe(2);
    expect(JSON.stringify(w1.body)).not.toContain('dana');
  });

  it('re-upserting recomputes every tier', async () => {
    // W2 now worth 10,000: total 27,200, 20% = 5,440, and W2 alone reaches it.
    const res = await api.request('POST', '/v1/customers', { body: { customers: [{ ...WORKED[1], price: 210, cost: 10, purchasesPerYear: 10, years: 5, acquisitionCost: 0 }] } });
    expect(res.status).toBe(200);
    expect(res.body.tiers).toMatchObject({ totalLtv: 27200, mvcCount: 1, mvcLtv: 10000 });
    expect((await api.request('GET', '/v1/customers/W2')).body.tier).toBe('mvc');
    expect((await api.request('GET', '/v1/customers/W1')).body.tier).toBe('core');
    // Back to the worked example for the tests below.
    await api.request('POST', '/v1/customers', { body: { customers: [WORKED[1]] } });
    expect((await api.request('GET', '/v1/customers/W1')).body.tier).toBe('mvc');
  });

  it('rejects a bad row with a 400 naming the field, and stores nothing from that request', async () => {
    const res = await api.request('POST', '/v1/customers', {
      body: { customers: [customerWithLtv('NEW1', 500), { externalId: 'NEW2', price: 'ten', cost: 1, purchasesPerYear: 1 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body.customers.1.price', message: 'Expected number, received string' }]);
    expect((await api.request('GET', '/v1/customers/NEW1')).status).toBe(404);
    expect((await api.request('POST', '/v1/customers', { body: { customers: [] } })).status).toBe(400);
    const tooMany = Array.from({ length: 5001 }, (_, i) => customerWithLtv(`X${i}`, 10));
    expect((await api.request('POST', '/v1/customers', { body: { customers: tooMany } })).status).toBe(400);
  });

  it('only admins manage customers', async () => {
    for (const key of [VIEWER_KEY, AGENT_KEY]) {
      const res = await api.request('POST', '/v1/customers', { key, body: { customers: [customerWithLtv('NOPE', 1)] } });
      expect(res.status).toBe(403);
    }
    expect((await api.request('GET', '/v1/customers/W1', { key: 'no_such_key_0123456789' })).status).toBe(401);
  });

  it('imports a CSV, all or nothing', async () => {
    const bad = 'externalId,identities,price,cost,purchasesPerYear\nCSV1,csv_one,10,2,5\nCSV2,csv_two,abc,2,5\n';
    const rejected = await importCustomersCsv(env.container, bad);
    expect(rejected.ok).toBe(false);
    expect(rejected.errors).toEqual(['line 3: price: Expected number, received nan']);
    expect((await api.request('GET', '/v1/customers/CSV1')).status).toBe(404);

    const good = 'externalId,identities,price,cost,purchasesPerYear,years,acquisitionCost\nCSV1,"csv_one;csv.one@example.com",10,2,5,,0\n';
    const imported = await importCustomersCsv(env.container, good);
    expect(imported).toMatchObject({ ok: true, upserted: 1 });
    expect((await api.request('GET', '/v1/customers/CSV1')).body).toMatchObject({ identities: 2, ltv: { value: 400 }, tier: 'core' });
  });
});

describe('customers: defection signals and the save queue', () => {
  it('switching or cancelling language marks the customer at-risk with the reason; the list is by LTV', async () => {
    const now = new Date();
    await storeItems(env.container, [
      { externalId: 'def-1', author: 'quietquit', text: 'Cancelled my @AcmeCoffee subscription today, going back to @RivalRoast.', classification: labels(), publishedAt: hoursBefore(now, 2) },
      { externalId: 'def-2', author: 'filler3', text: 'Never again. Switching to the place next door.', classification: labels(), publishedAt: hoursBefore(now, 1) },
      { externalId: 'def-3', author: 'filler4', text: 'Lovely beans as always', classification: labels(), publishedAt: hoursBefore(now, 1) },
      // Not a customer (yet): kept, and applied when they are imported below.
      { externalId: 'def-4', author: 'newcomer', text: 'I am done with this shop, switched to BeanCo', classification: labels(), publishedAt: hoursBefore(now, 3) },
    ]);
    // Redelivery adds nothing.
    const res = await api.request('GET', '/v1/customers/at-risk', { key: VIEWER_KEY });
    expect(res.status).toBe(200);
    expect(res.body.customers.map((c: { externalId: string }) => c.externalId)).toEqual(['W3', 'F03']);
    const w3 = res.body.customers[0];
    expect(w3.atRisk).toBe(true);
    expect(w3.atRiskReasons.map((r: { reason: string }) => r.reason).sort()).toEqual(['cancelled', 'going-back']);
    expect(w3.atRiskReasons.map((r: { phrase: string }) => r.phrase)).toContain('going back to @rivalroast');

    await api.request('POST', '/v1/customers', { body: { customers: [customerWithLtv('NEWCOMER', 5000, ['@Newcomer'])] } });
    const after = await api.request('GET', '/v1/customers/at-risk?limit=1');
    expect(after.body.customers[0].externalId).toBe('NEWCOMER');
    const page2 = await api.request('GET', `/v1/customers/at-risk?limit=5&cursor=${after.body.nextCursor}`);
    expect(page2.body.customers.map((c: { externalId: string }) => c.externalId)).toEqual(['W3', 'F03']);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('an agent can take a saved customer off the save queue; a viewer cannot', async () => {
    expect((await api.request('DELETE', '/v1/customers/F03/at-risk', { key: VIEWER_KEY })).status).toBe(403);
    const res = await api.request('DELETE', '/v1/customers/F03/at-risk', { key: AGENT_KEY });
    expect(res.status).toBe(200);
    expect(res.body.atRisk).toBe(false);
    // Re-importing the customer does not bring back the settled signal.
    await api.request('POST', '/v1/customers', { body: { customers: [customerWithLtv('F03', 1000, ['filler3'])] } });
    const list = await api.request('GET', '/v1/customers/at-risk');
    expect(list.body.customers.map((c: { externalId: string }) => c.externalId)).toEqual(['NEWCOMER', 'W3']);
  });
});
