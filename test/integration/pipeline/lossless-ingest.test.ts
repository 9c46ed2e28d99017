/**
 * Nothing accepted is lost: impossible numbers and bad meta keys are refused at the edge naming the
 * field; a document the store refuses alone is set aside while its batch is stored and counted; a
 * batch that ran out of retries raises an alert, runs again when re-sent, and can be retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { buildContainer } from '../../../src/app/compose.ts';
import { ingestBatch } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import type { JobPayload } from '../../../src/queue/jobs.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { startHookSink, type HookSink } from '../../support/receivers.ts';
import { ADMIN_KEY, AGENT_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const DAY = '2026-08-03';
const texts = ['The parcel came late and broken, refund me now', 'Lovely staff and a quick delivery, thank you', 'The app keeps crashing when I pay'];
const item = (prefix: string, i: number) => ({ externalId: `${prefix}-${i}`, text: `${texts[i % 3]} (${prefix} ${i})`, publishedAt: `${DAY}T10:00:00Z` });

describe('lossless ingestion', () => {
  let env: TestEnv;
  let api: TestApi;
  let sink: HookSink;
  const buzz = async (label: string) => (await env.container.repos.trendReader.sumByBucket({ g: 'd', buckets: [DAY], label })).get(DAY)?.n ?? 0;
  const stored = (externalIdPrefix: string) => env.container.repos.feedback.count({ externalId: { $regex: `^${externalIdPrefix}-` } });

  beforeAll(async () => {
    sink = await startHookSink();
    env = await startTestEnv('lossless', {
      EARSHOT_JOB_ATTEMPTS: '2',
      EARSHOT_JOB_BACKOFF_MS: '20',
      EARSHOT_ALERT_WEBHOOKS: `${sink.url}/ops`,
      EARSHOT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      EARSHOT_PUBLIC_URL: 'https://earshot.example.com',
    });
    api = await listen(createApp(env.container), AGENT_KEY);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await sink?.close();
  });

  it('refuses a huge reach and bad meta keys at the edge, naming the field', async () => {
    const res = await api.request('POST', '/v1/items', {
      body: {
        label: 'edge',
        items: [
          { ...item('edge', 0), reach: 1e308 },
          { ...item('edge', 1), meta: { $gt: 'x' } },
          { ...item('edge', 2), meta: { 'a.b': 'x' } },
          { ...item('edge', 3), meta: { app: 'x'.repeat(201) } },
          item('edge', 4),
        ],
      },
    });
    // Some items valid: 207, every bad field named per item.
    expect(res.status).toBe(207);
    const fields = res.body.rejected.flatMap((r: { fields: Array<{ field: string }> }) => r.fields.map((f) => f.field));
    expect(fields).toEqual(['body.items.0.reach', 'body.items.1.meta.$gt', 'body.items.2.meta.a.b', 'body.items.3.meta.app']);
    expect(res.body.accepted).toEqual(['edge-4']);
  });

  it('reports an edit re-sent under the same externalId as unchanged instead of dropping it silently', async () => {
    const deps = { classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters };
    const original = { label: 'edits', items: [item('e', 0), { ...item('e', 1), rating: 2 }] };
    const first = await api.request('POST', '/v1/items', { body: original });
    expect(first.body.unchanged).toEqual([]);
    // Stored by a worker (here in-process, from the same payload the API queued).
    const job = await env.container.queues.byName.ingest.getJob(first.body.batchId);
    await ingestBatch(deps, job!.data);
    const edited = { label: 'edits', items: [{ ...item('e', 0), text: 'Edited: the parcel arrived after all, thanks' }, { ...item('e', 1), rating: 2 }] };
    const again = await api.request('POST', '/v1/items', { body: edited });
    expect(again.status).toBe(202);
    expect(again.body.unchanged).toEqual([{ externalId: 'e-0', fields: ['text'] }]);
    expect(await buzz('edits')).toBe(2);
  });

  it('sets aside a document the store refuses alone; the rest of its batch is stored and counted', async () => {
    // As a job queued before the edge checked meta keys would arrive.
    const batch: JobPayload<'classify-batch'> = {
      batchId: 'b-quarantine',
      sourceId: 'push',
      label: 'quarantine',
      kind: 'review',
      items: Array.from({ length: 200 }, (_, i) => ({ ...item('q', i), publishedAt: `${DAY}T10:00:00.000Z`, authorHash: null, ...(i === 7 ? { meta: { $gt: 'x', 'a.b': 'y' } } : {}) })),
    };
    const deps = { classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters };
    const outcome = await ingestBatch(deps, batch);
    const quarantined = (await api.request('GET', '/v1/admin/quarantine', { key: ADMIN_KEY })).body.items;
    // MongoDB 7 accepts such keys; FerretDB refuses them. Either way nothing is lost and what is stored is counted.
    expect(outcome.inserted + outcome.quarantined).toBe(200);
    expect(quarantined).toHaveLength(outcome.quarantined);
    if (outcome.quarantined) expect(quarantined[0]).toMatchObject({ externalId: 'q-7', reason: expect.stringMatching(/key/) });
    expect(await stored('q')).toBe(outcome.inserted);
    expect(await buzz('quarantine')).toBe(outcome.inserted);
    await ingestBatch(deps, batch);
    expect(await buzz('quarantine')).toBe(outcome.inserted);
  });

  it('a batch that ran out of retries raises an alert, runs again when re-sent, and can be retried by id', async () => {
    // A worker whose store connection is gone: every attempt fails, as when the store is down longer than the retries.
    const cut = await buildContainer(env.config, createLogger('silent'));
    let workers: RunningWorkers = await startWorkers(cut, testClassifier());
    await cut.mongo.close();
    const body = { label: 'failed', items: Array.from({ length: 30 }, (_, i) => item('f', i)) };
    const first = await api.request('POST', '/v1/items', { body });
    expect(first.status).toBe(202);
    // (Batches the earlier tests queued without workers fail here too: only this one is looked at.)
    const mine = (list: Array<{ id?: string; jobId?: string }>) => list.find((j) => (j.id ?? j.jobId) === first.body.batchId);
    const failed = await eventually(async () => {
      const res = await api.request('GET', '/v1/admin/failed', { key: ADMIN_KEY });
      return mine(res.body.jobs) && mine(res.body.alerts) ? res.body : null;
    });
    expect(mine(failed.jobs)).toMatchObject({ queue: 'ingest', name: 'classify-batch', items: 30, attemptsMade: 2 });
    expect(mine(failed.alerts)).toMatchObject({ queue: 'ingest', items: 30 });
    await workers.close();
    await cut.close();

    // The store is back: the failure, recorded while it was down, is raised as an alert and delivered.
    workers = await startWorkers(env.container, testClassifier());
    try {
      const raised = await eventually(async () => {
        const res = await api.request('GET', '/v1/alerts');
        return res.body.alerts.find((a: { failure?: { jobId: string } }) => a.failure?.jobId === first.body.batchId);
      });
      expect(raised).toMatchObject({ series: 'failed_batch', label: 'failed', status: 'open', figures: { value: 30 } });
      expect(raised.failure).toMatchObject({ job: 'classify-batch', items: 30, attemptsMade: 2, retry: 'POST /v1/admin/failed/retry' });
      const hook = await eventually(async () => sink.hooks.map((h) => JSON.parse(h.body)).find((b) => b.data?.id === raised._id));
      expect(hook.data).toMatchObject({ series: 'failed_batch', failure: { items: 30 } });
      expect(hook.data.title).not.toMatch(/spike/i);
      const acked = await api.request('PATCH', `/v1/alerts/${raised._id}`, { body: { status: 'acknowledged' } });
      expect(acked.status).toBe(200);

      // Re-sending the same body runs the batch again (same batch id).
      const again = await api.request('POST', '/v1/items', { body });
      expect(again.body.batchId).toBe(first.body.batchId);
      await eventually(async () => (await buzz('failed')) === 30);
      expect(await stored('f')).toBe(30);

      // Retrying by id through the admin API after another failure: once more, exactly once.
      await workers.close();
      const cut2 = await buildContainer(env.config, createLogger('silent'));
      workers = await startWorkers(cut2, testClassifier());
      await cut2.mongo.close();
      const other = await api.request('POST', '/v1/items', { body: { label: 'failed', items: Array.from({ length: 10 }, (_, i) => item('g', i)) } });
      await eventually(async () => (await api.request('GET', '/v1/admin/failed', { key: ADMIN_KEY })).body.jobs.some((j: { id: string }) => j.id === other.body.batchId));
      await workers.close();
      await cut2.close();
      workers = await startWorkers(env.container, testClassifier());
      const retried = await api.request('POST', '/v1/admin/failed/retry', { key: ADMIN_KEY, body: { ids: [other.body.batchId] } });
      expect(retried.body.retried).toBe(1);
      await eventually(async () => (await buzz('failed')) === 40);
      const left = (await api.request('GET', '/v1/admin/failed', { key: ADMIN_KEY })).body.jobs.map((j: { id: string }) => j.id);
      expect(left).not.toContain(other.body.batchId);
      expect(left).not.toContain(first.body.batchId);
    } finally {
      await workers.close();
    }
  });
});
