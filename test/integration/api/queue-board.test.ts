import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { startWorkers } from '../../../workers/start-workers.ts';
import { ADMIN_KEY, VIEWER_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

describe('queue UI (bull-board) for admins', () => {
  let env: TestEnv;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('board');
    api = await listen(createApp(env.container), ADMIN_KEY);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  const get = (path: string, key?: string) => fetch(api.url + path, key ? { headers: { authorization: `Bearer ${key}` } } : {});

  it('is closed to viewers and anonymous callers', async () => {
    expect((await get('/admin/queues')).status).toBe(401);
    expect((await get('/admin/queues', VIEWER_KEY)).status).toBe(403);
    expect((await get('/admin/queues/api/queues', VIEWER_KEY)).status).toBe(403);
  });

  it('shows a failed job with its error and retries it', async () => {
    const page = await get('/admin/queues', ADMIN_KEY);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);

    const workers = await startWorkers(env.container, testClassifier());
    const job = await env.container.queues.byName.ingest.add('classify-batch', { batchId: 'bad', items: [] });
    await eventually(async () => (await job.getState()) === 'failed');
    await workers.close();

    const res = await get('/admin/queues/api/queues?activeQueue=ingest&status=failed', ADMIN_KEY);
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as { queues: Array<{ name: string; counts: Record<string, number>; jobs: Array<{ id: string; failedReason: string }> }> };
    const ingest = queues.find((q) => q.name === 'ingest');
    expect(ingest?.counts.failed).toBe(1);
    expect(ingest?.jobs[0]?.failedReason).toMatch(/invalid classify-batch payload/);

    const retry = await fetch(`${api.url}/admin/queues/api/queues/ingest/${job.id}/retry`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(retry.status).toBeLessThan(300);
    expect(await job.getState()).toBe('waiting');
  });
});
