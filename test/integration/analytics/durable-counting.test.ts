/**
 * Whether a batch has been counted is recorded in MongoDB with the counters, not only in Redis:
 * losing Redis (or its once-markers) and re-sending a batch counts nothing twice; and a counting
 * call with an impossible number writes nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { CounterBuffer } from '../../../src/domain/trends/counter-buffer.ts';
import { CounterJournal } from '../../../src/domain/trends/counter-journal.ts';
import { LuaScript } from '../../../src/infra/lua-script.ts';
import { deleteKeysWithPrefix } from '../../../src/infra/redis.ts';
import type { JobPayload } from '../../../src/queue/jobs.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const DAY = '2026-09-14';
const ADD = new LuaScript(new URL('../../../src/domain/trends/lua/addChanges-3.lua', import.meta.url));

function batch(id: string, n: number, label = 'acme'): JobPayload<'classify-batch'> {
  return {
    batchId: id,
    sourceId: 'src-durable',
    label,
    kind: 'review',
    items: Array.from({ length: n }, (_, i) => ({
      externalId: `${id}-${i}`,
      text: `Parcel ${i} of ${id} arrived broken and support never answered, refund me`,
      authorHash: null,
      reach: i,
      publishedAt: `${DAY}T1${i % 4}:00:00.000Z`,
    })),
  };
}

describe('durable exactly-once counting', () => {
  let env: TestEnv;
  const deps = () => ({ classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters });
  const buzz = async (label?: string) => (await env.container.repos.trendReader.sumByBucket({ g: 'd', buckets: [DAY], label })).get(DAY)?.n ?? 0;

  beforeAll(async () => {
    env = await startTestEnv('durable_counting');
  });
  afterAll(async () => env?.teardown());

  it('a Redis loss, then the same batch again: counted once', async () => {
    const b = batch('lost', 1000);
    await ingestBatch(deps(), b);
    expect(await buzz()).toBe(1000);
    // Everything this test owns in Redis is gone, as after FLUSHALL (the chaos script flushes a Redis of its own).
    await deleteKeysWithPrefix(env.container.redis, env.config.queue.prefix);
    await ingestBatch(deps(), b);
    expect(await env.container.repos.feedback.count({ sourceId: 'src-durable' })).toBe(1000);
    expect(await buzz()).toBe(1000);
  });

  it('an expired or deleted once-marker: counted once', async () => {
    const b = batch('marker', 50);
    await ingestBatch(deps(), b);
    const before = await buzz();
    const markers = await env.container.redis.keys(`${env.config.queue.prefix}:counters:op:*`);
    expect(markers.length).toBeGreaterThan(0);
    await env.container.redis.del(...markers);
    await ingestBatch(deps(), b);
    await ingestBatch(deps(), b);
    expect(await buzz()).toBe(before);
  });

  it('a counting call holding a non-finite number writes nothing, not even its marker', async () => {
    const buffer = new CounterBuffer(env.container.redis, env.config.queue.prefix);
    const change = (v: number) => ({ collection: 'trend_d_x', id: 'all', meta: {}, inc: { n: 1, reach: v }, set: {} });
    await expect(buffer.add([change(1), change(Infinity)], 'bad-op')).rejects.toThrow(/reach/);
    expect(await env.container.redis.exists(`${env.config.queue.prefix}:counters:op:bad-op`)).toBe(0);
    expect(await buffer.hasPending()).toBe(false);
    // The script itself refuses before any write, whatever its caller checked.
    const keys = [`${env.config.queue.prefix}:counters:op:bad-op`, `${env.config.queue.prefix}:counters:buffered`, `${env.config.queue.prefix}:counters:bufops`];
    const args = ['60', `${env.config.queue.prefix}:counters:buf:`, 'bad-op', 'trend_d_x|all', '{}', '1', '0', 'n', '1', 'trend_d_x|all', '{}', '1', '0', 'reach', 'inf'];
    await expect(ADD.run(env.container.redis, keys, args)).rejects.toThrow(/not a finite number/);
    expect(await env.container.redis.exists(`${env.config.queue.prefix}:counters:op:bad-op`)).toBe(0);
    expect(await buffer.hasPending()).toBe(false);
  });

  it('a flush journaled in the store survives a Redis loss before it is written', async () => {
    const slow = await startTestEnv('durable_journal', { EARSHOT_COUNTER_FLUSH_MS: '60000' });
    try {
      const c = slow.container;
      const slowDeps = { classifier: testClassifier(), feedback: c.repos.feedback, counters: c.repos.counters };
      const slowBuzz = async () => (await c.repos.trendReader.sumByBucket({ g: 'd', buckets: [DAY] })).get(DAY)?.n ?? 0;
      await ingestBatch(slowDeps, batch('first', 5)); // the first batch after a quiet spell is flushed at once
      const b = batch('journaled', 20);
      await ingestBatch(slowDeps, b); // this one waits in the Redis buffer
      expect(await slowBuzz()).toBe(5);
      // A flusher journals the buffer in the store, then dies before writing the rollups …
      const pending = await new CounterBuffer(c.redis, slow.config.queue.prefix).beginFlush();
      await new CounterJournal(c.databases.trends).open(pending!);
      // … and Redis is lost. The re-sent batch counts nothing more; the next flush finishes the journal.
      await deleteKeysWithPrefix(c.redis, slow.config.queue.prefix);
      await ingestBatch(slowDeps, b);
      await c.repos.counters.flush();
      expect(await slowBuzz()).toBe(25);
      await ingestBatch(slowDeps, b);
      await c.repos.counters.flush();
      expect(await slowBuzz()).toBe(25);
    } finally {
      await slow.teardown();
    }
  });
});
