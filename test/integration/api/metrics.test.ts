import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

describe('Prometheus /metrics', () => {
  let env: TestEnv;
  let workers: RunningWorkers;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('metrics');
    workers = await startWorkers(env.container, testClassifier());
    api = await listen(createApp(env.container), AGENT_KEY);
  });
  afterAll(async () => {
    await api?.close();
    await workers?.close();
    await env?.teardown();
  });

  let text = '';
  const scrape = async (): Promise<Map<string, MetricFamily>> => {
    const res = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    text = await res.text();
    return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  };
  const value = (family: MetricFamily | undefined, labels: Record<string, string>) =>
    Number(family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

  it('is for admins only', async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${VIEWER_KEY}` } })).status).toBe(403);
  });

  it('counts requests by route and status, items by outcome, and reports queue gauges and flush lag', async () => {
    const res = await api.request('POST', '/v1/items', {
      body: { label: 'acme', kind: 'review', items: [{ externalId: 'm-1', text: 'Great coffee, friendly staff.' }, { externalId: 'm-2', text: 'Cold croissant.' }, { externalId: 'm-3', text: '' }] },
    });
    expect(res.status).toBe(207);
    await eventually(async () => (await env.container.queues.counts()).ingest.completed === 1);
    // m-1 again, beside a new item: stored once, the re-send is deduplicated.
    await api.request('POST', '/v1/items', { body: { label: 'acme', kind: 'review', items: [{ externalId: 'm-1', text: 'Great coffee, friendly staff.' }, { externalId: 'm-4', text: 'Slow service today.' }] } });
    await eventually(async () => (await env.container.queues.counts()).ingest.completed === 2);
    await api.request('GET', '/v1/sources/abc');

    const families = await scrape();
    const requests = families.get('earshot_http_requests_total');
    expect(requests?.type).toBe('COUNTER');
    expect(value(requests, { method: 'POST', route: '/v1/items', status: '207' })).toBe(1);
    expect(value(requests, { method: 'POST', route: '/v1/items', status: '202' })).toBe(1);
    expect(value(requests, { method: 'GET', route: '/v1/sources/:id', status: '404' })).toBe(1);
    const latency = families.get('earshot_http_request_duration_seconds');
    expect(latency?.type).toBe('HISTOGRAM');
    expect(latency?.metrics[0]?.buckets?.['+Inf']).toBeDefined();
    expect(text).toContain('earshot_http_request_duration_seconds_count{method="POST",route="/v1/items",status="207"} 1');

    const items = families.get('earshot_items_total');
    expect(value(items, { source: 'push', kind: 'review', outcome: 'rejected' })).toBe(1);
    expect(value(items, { source: 'push', kind: 'review', outcome: 'ingested' })).toBe(4);
    expect(value(items, { source: 'push', kind: 'review', outcome: 'classified' })).toBe(3);
    expect(value(items, { source: 'push', kind: 'review', outcome: 'deduplicated' })).toBe(1);

    const queues = families.get('earshot_queue_jobs');
    expect(queues?.type).toBe('GAUGE');
    for (const queue of ['poll', 'ingest', 'analytics']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(value(queues, { queue, state })).toBeGreaterThanOrEqual(0);
    }
    expect(value(families.get('earshot_counter_flush_lag_seconds'), {})).toBe(0);
    expect(text).toMatch(/^earshot_counter_flush_duration_seconds_count [1-9]/m);
  });
});
