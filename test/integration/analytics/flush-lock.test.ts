/**
 * The flush lock on real Redis: a long holder keeps it by renewing its lease, a holder that stops
 * renewing frees it within one lease, and shutdown waits for a flush already running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisMutex, LockTimeoutError } from '../../../src/infra/redis-lock.ts';
import type { CountItem } from '../../../src/domain/trends/rollup-changes.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

describe('flush lock and shutdown', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv('flush_lock', { EARSHOT_COUNTER_FLUSH_MS: '200' });
  });
  afterAll(async () => env?.teardown());

  it('renews the lease while the work runs, past any fixed hold time', async () => {
    const key = `${env.config.queue.prefix}:lock:renew`;
    const holder = createRedisMutex(env.container.redis, key, { leaseMs: 300, waitMs: 100 });
    const contender = createRedisMutex(env.container.redis, key, { leaseMs: 300, waitMs: 1_000 });
    let release!: () => void;
    const held = holder.run(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    // Four leases long: the contender gives up, the lock never lapsed.
    await expect(contender.run(async () => 'got it')).rejects.toBeInstanceOf(LockTimeoutError);
    release();
    await held;
    expect(await contender.run(async () => 'got it')).toBe('got it');
    expect(await env.container.redis.exists(key)).toBe(0);
  });

  it('close() waits for a tail flush already running and leaves nothing buffered or locked', async () => {
    const classifier = testClassifier();
    const items = (p: string, n: number): CountItem[] =>
      Array.from({ length: n }, (_, i) => ({
        _id: `${p}-${i}`,
        sourceId: 'lock-src',
        kind: 'mention',
        label: 'acme',
        text: `Checkout failed twice, refund please (${p} ${i})`,
        publishedAt: new Date('2026-07-01T10:00:00Z'),
        classification: classifier.classify({ id: `${p}-${i}`, text: 'Checkout failed twice, refund please', kind: 'mention' }),
      }));
    const counters = env.container.repos.counters;
    await counters.addItems(items('a', 3), 1, { opKey: 'lock-a', terms: true }); // flushed at once
    await counters.addItems(items('b', 400), 1, { opKey: 'lock-b', terms: true }); // waits for the tail flush
    // Let the tail flush start, then shut down while it may still run.
    await new Promise((r) => setTimeout(r, 230));
    await counters.close();
    const n = (await env.container.repos.trendReader.sumByBucket({ g: 'd', buckets: ['2026-07-01'] })).get('2026-07-01')?.n;
    expect(n).toBe(403);
    expect(await env.container.redis.exists(`${env.config.queue.prefix}:lock:trend-counters`)).toBe(0);
    expect(await env.container.redis.exists(`${env.config.queue.prefix}:counters:flushing`)).toBe(0);
  });
});
