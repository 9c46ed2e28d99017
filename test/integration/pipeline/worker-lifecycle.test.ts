import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/domain/feedback/ingest-batch.service.ts';
import type { JobPayload } from '../../../src/queue/jobs.ts';
import { startWorkers } from '../../../workers/start-workers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

function batch(id: string, n: number, offset = 0): JobPayload<'classify-batch'> {
  return {
    batchId: id,
    sourceId: 'src-1',
    label: 'acme',
    kind: 'review',
    items: Array.from({ length: n }, (_, i) => ({
      externalId: `${id}-${i + offset}`,
      text: i % 2 ? `Terrible service on ${id} visit ${i + offset}, I want my money back` : `Lovely staff on ${id} visit ${i + offset}, I recommend them`,
      authorHash: null,
      rating: i % 2 ? 1 : 5,
      publishedAt: '2026-11-20T10:15:00.000Z',
    })),
  };
}

describe('worker lifecycle on real Redis and FerretDB', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv('lifecycle');
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const dayTotals = async () =>
    (await env.container.repos.trendReader.sumByBucket({ g: 'd', buckets: ['2026-11-20'] })).get('2026-11-20') ?? {};

  it('keeps counters exact when a batch is delivered twice', async () => {
    const deps = { classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters };
    const first = await ingestBatch(deps, batch('dup', 10));
    expect(first).toEqual({ inserted: 10, existing: 0, counted: 10, duplicates: 0, quarantined: 0 });
    const again = await ingestBatch(deps, batch('dup', 10));
    // The redelivery finds its own items and re-applies them under the same marker: no change.
    expect(again).toMatchObject({ inserted: 0, existing: 10 });
    // An overlapping batch (another id, some items already stored by the first) adds only its new items.
    const overlap = await ingestBatch(deps, { ...batch('dup', 12), batchId: 'dup-2' });
    expect(overlap).toEqual({ inserted: 2, existing: 10, counted: 2, duplicates: 0, quarantined: 0 });
    const totals = await dayTotals();
    expect(totals.n).toBe(12);
    expect(totals.rating_n).toBe(12);
    expect(await env.container.repos.feedback.count({ sourceId: 'src-1' })).toBe(12);
  });

  it('counts every item when different batches create the same new counters at once', async () => {
    const deps = { classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters };
    const before = (await dayTotals()).n ?? 0;
    const batches = Array.from({ length: 4 }, (_, k) => ({ ...batch(`race-${'abcd'[k]}`, 25), sourceId: 'src-race' }));
    const outcomes = await Promise.all(batches.map((b) => ingestBatch(deps, b)));
    expect(outcomes.map((o) => o.counted)).toEqual([25, 25, 25, 25]);
    expect((await dayTotals()).n).toBe(before + 100);
  });

  it('sends a job with an invalid payload straight to the failed set with its error', async () => {
    const workers = await startWorkers(env.container, testClassifier());
    try {
      const job = await env.container.queues.byName.ingest.add('classify-batch', { batchId: 'bad', items: [] });
      await eventually(async () => (await job.getState()) === 'failed');
      const failed = await env.container.queues.byName.ingest.getJob(job.id!);
      expect(failed?.failedReason).toMatch(/invalid classify-batch payload: sourceId: Required/);
      expect(failed?.attemptsMade).toBe(1);
      const counts = await env.container.queues.counts();
      expect(counts.ingest.failed).toBe(1);
    } finally {
      await workers.close();
    }
  });

  it('finishes in-flight jobs and exits 0 on SIGTERM, losing nothing queued', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['bin/earshot.js', 'worker'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        REDIS_URL: env.config.redis.url,
        MONGODB_URI: env.config.mongo.uri,
        EARSHOT_QUEUE_PREFIX: env.config.queue.prefix,
        EARSHOT_LOG_LEVEL: 'info',
        EARSHOT_WORKER_CONCURRENCY: '2',
        EARSHOT_WORKER_HEALTH_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(async () => output.includes('worker_started'), 20_000).catch((err: Error) => {
      throw new Error(`${err.message}; worker said: ${output.slice(-2000)}`);
    });

    const started = JSON.parse(output.split('\n').find((l) => l.includes('worker_started'))!);
    const health = `http://127.0.0.1:${started.healthPort}`;
    expect((await fetch(`${health}/livez`)).status).toBe(200);
    expect(await (await fetch(`${health}/readyz`)).json()).toEqual({ status: 'ok', redis: 'up', mongodb: 'up' });

    const jobs = Array.from({ length: 20 }, (_, i) => {
      const b = batch(`sig-${i}`, 200);
      return { jobId: b.batchId, payload: b };
    });
    await env.container.queues.enqueueMany('classify-batch', jobs);
    await eventually(async () => (await env.container.repos.feedback.count({ externalId: /^sig-/ })) > 0, 20_000, 5);
    // Counted once a batch's job returns, a little after its items are stored.
    await eventually(async () => /^earshot_items_total\{source="[^"]+",kind="review",outcome="classified"\} \d+/m.test(await (await fetch(`${health}/metrics`)).text()));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const counts = await env.container.queues.counts();
    const ingest = { completed: 0, waiting: 0, ...counts.ingest };
    expect(counts.ingest.active).toBe(0);
    expect(counts.ingest.failed).toBe(1); // the invalid job of the previous test
    expect(ingest.completed + ingest.waiting).toBe(20);
    const stored = await env.container.repos.feedback.count({ externalId: /^sig-/ });
    expect(stored).toBe(ingest.completed * 200);
  });
});
