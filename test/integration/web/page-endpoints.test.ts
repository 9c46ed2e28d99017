import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { createApp } from '../../../src/api/app.ts';
import { webRoutes } from '../../../src/api/routes/web.routes.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const HOUR = 3_600_000;

/** The filters the web app's pages added to existing endpoints, and the app's own routes. */
describe('endpoints widened for the web app', () => {
  let env: TestEnv;
  let workers: RunningWorkers;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('web_endpoints');
    workers = await startWorkers(env.container, testClassifier());
    api = await listen(createApp(env.container), VIEWER_KEY);
    const customers = await api.request('POST', '/v1/customers', {
      key: ADMIN_KEY,
      body: { customers: [{ externalId: 'C-1', identities: ['ana'], price: 100, cost: 50, purchasesPerYear: 12 }] },
    });
    expect(customers.status).toBe(200);
    const now = Date.now();
    const push = (label: string, items: Array<Record<string, unknown>>) => api.request('POST', '/v1/items', { key: AGENT_KEY, body: { label, kind: 'mention', items } });
    expect((await push('acme', [
      { externalId: 'a1', author: 'ana', text: 'My order never arrived, please refund me now', publishedAt: new Date(now - 100 * HOUR).toISOString() },
      { externalId: 'a2', author: 'ana', text: 'The app charged my card twice, I need my money back', publishedAt: new Date(now - 30 * 60_000).toISOString() },
      { externalId: 'a3', author: 'bob', text: 'Waited forty minutes and the staff ignored me, fix this please', publishedAt: new Date(now - 10 * 60_000).toISOString() },
    ])).status).toBe(202);
    expect((await push('rival', [{ externalId: 'r1', text: 'Rival opened a shop downtown today', publishedAt: new Date(now - HOUR).toISOString() }])).status).toBe(202);
    await eventually(async () => (await api.request('GET', '/v1/cases?status=all')).body.cases?.length === 3, 30_000);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await workers?.close();
    await env?.teardown();
  });

  it('filters items by label', async () => {
    const rival = await api.request('GET', '/v1/items?label=rival');
    expect(rival.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['r1']);
    expect((await api.request('GET', '/v1/items?label=acme')).body.items).toHaveLength(3);
    expect((await api.request('GET', '/v1/items?label=')).status).toBe(400);
  });

  it("lists a customer's cases and the breached or in-SLA ones", async () => {
    const ana = await api.request('GET', '/v1/cases?customer=C-1&status=all');
    expect(ana.body.cases).toHaveLength(2);
    expect(ana.body.cases.every((c: { customer: { externalId: string } }) => c.customer.externalId === 'C-1')).toBe(true);
    // An unknown customer's SLA is 72 h by default: only the 100-hour-old complaint is past it.
    const breached = await api.request('GET', '/v1/cases?breached=true');
    expect(breached.body.cases).toHaveLength(1);
    expect(breached.body.cases[0].sla.breached).toBe(true);
    const within = await api.request('GET', '/v1/cases?breached=false');
    expect(within.body.cases).toHaveLength(2);
    const bad = await api.request('GET', '/v1/cases?breached=yes');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('query.breached');
  });

  it('serves the app at / with a strict content security policy and its assets, no key needed', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('/assets/app.js');
    const js = await fetch(`${api.url}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${api.url}/assets/nope.js`)).status).toBe(404);
  });

  it('says how to build the app when it is not built', async () => {
    const bare = express().use(webRoutes('/nonexistent/'));
    const server = await listen(bare);
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
    await server.close();
  });
});
