/**
 * The counters' write-behind buffer (Redis → MongoDB) on real services: batches merge until the
 * flush interval ends, and an interrupted flush is resumed without counting anything twice.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CounterBuffer } from '../../../src/domain/trends/counter-buffer.ts';
import type { CountItem } from '../../../src/domain/trends/rollup-changes.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const DAY = '2026-10-05';

function items(prefix: string, n: number): CountItem[] {
  const classifier = testClassifier();
  return Array.from({ length: n }, (_, i) => ({
    _id: `${prefix}-${i}`,
    sourceId: 'flush-src',
    kind: 'mention',
    label: 'acme',
    text: `The checkout kept failing, please refund me (${prefix} ${i})`,
    publishedAt: new Date(`${DAY}T1${i % 3}:00:00Z`),
    classification: classifier.classify({ id: `${prefix}-${i}`, text: 'The checkout kept failing, please refund me', kind: 'mention' }),
  }));
}

describe('counter write-behind buffer', () => {
  let env: TestEnv;
  const counters = () => env.container.repos.counters;
  const reader = () => env.container.repos.trendReader;
  const dayTotal = async () => (await reader().sumByBucket({ g: 'd', buckets: [DAY] })).get(DAY)?.n ?? 0;

  beforeAll(async () => {
    env = await startTestEnv('counter_flush', { EARSHOT_COUNTER_FLUSH_MS: '3000' });
  });
  afterAll(async () => env?.teardown());

  it('merges batches within the interval and flushes them when it ends', async () => {
    await counters().addItems(items('a', 5), 1, { opKey: 'flush-a', terms: true });
    // The first batch after a quiet spell is written at once …
    expect(await dayTotal()).toBe(5);
    await counters().addItems(items('b', 7), 1, { opKey: 'flush-b', terms: true });
    await counters().addItems(items('b', 7), 1, { opKey: 'flush-b', terms: true });
    // … later ones wait for the end of the interval (a repeated key adds nothing).
    expect(await dayTotal()).toBe(5);
    // (A flush writes its collections in parallel: the day's terms may land a moment after its counts.)
    await eventually(async () => (await dayTotal()) === 12 && (await reader().termCounts('all', [DAY])).items === 12, 10_000);
  });

  it('resumes a flush that died before or after writing, counting it once', async () => {
    const before = await dayTotal();
    await counters().flush();
    const buffer = new CounterBuffer(env.container.redis, env.config.queue.prefix);

    // Died after taking the buffer, before writing: the next flush resumes that flush.
    // (A flush "just ran", so these batches stay buffered.)
    await env.container.redis.set(`${env.config.queue.prefix}:counters:flush-due`, '1', 'PX', 60_000);
    await counters().addItems(items('c', 4), 1, { opKey: 'flush-c' });
    await counters().addItems(items('d', 3), 1, { opKey: 'flush-d' });
    expect(await buffer.beginFlush()).not.toBeNull();
    await counters().flush();
    expect(await dayTotal()).toBe(before + 7);

    // Died after writing, before dropping the flush: the resumed flush writes nothing twice.
    const termItems = async () => (await reader().termCounts('all', [DAY])).items;
    const termsBefore = await termItems();
    await counters().addItems(items('e', 6), 1, { opKey: 'flush-e', terms: true });
    await counters().addItems(items('f', 2), 1, { opKey: 'flush-f', terms: true });
    const crash = vi.spyOn(CounterBuffer.prototype, 'endFlush').mockRejectedValueOnce(new Error('process died'));
    await expect(counters().flush()).rejects.toThrow('process died');
    crash.mockRestore();
    expect(await dayTotal()).toBe(before + 15);
    await counters().flush();
    expect(await dayTotal()).toBe(before + 15);
    expect(await termItems()).toBe(termsBefore + 8);
    expect(await buffer.hasPending()).toBe(false);
  });

  it('a correction moves an item between labels in one step, once per revision', async () => {
    const [item] = items('g', 1);
    await counters().addItems([item!], 1, { opKey: 'flush-g' });
    await counters().flush();
    const read = async () => (await reader().sumByBucket({ g: 'd', buckets: [DAY] })).get(DAY) ?? {};
    const before = await read();
    const after = { ...item!.classification, category: 'advocacy' as const, advocacy: true };
    for (let i = 0; i < 2; i++) await counters().moveItems([item!], [{ ...item!, classification: after }], { opKey: 'correction|g-0|1' });
    await counters().flush();
    const now = await read();
    expect(now.n).toBe(before.n);
    expect(now.cat_advocacy).toBe((before.cat_advocacy ?? 0) + 1);
    expect(now.cat_complaint).toBe((before.cat_complaint ?? 0) - 1);
  });

  it('close() writes what is still buffered', async () => {
    const before = await dayTotal();
    await counters().addItems(items('h', 9), 1, { opKey: 'flush-h' });
    await counters().addItems(items('i', 1), 1, { opKey: 'flush-i' });
    await counters().close();
    expect(await dayTotal()).toBe(before + 10);
  });
});
