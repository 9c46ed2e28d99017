/**
 * Runs under `npm run test:cluster` (EARSHOT_REDIS_CLUSTER_NODES set): proves the container really
 * talks to a Redis Cluster and that every key a batch leaves behind sits in the prefix's one slot.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load-config.ts';
import { createRedis, waitForRedis } from '../../../src/infra/redis.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

describe.skipIf(!process.env.EARSHOT_REDIS_CLUSTER_NODES)('Earshot on a Redis Cluster', () => {
  let env: TestEnv;
  let workers: RunningWorkers;

  beforeAll(async () => {
    env = await startTestEnv('cluster');
    workers = await startWorkers(env.container, testClassifier());
  });
  afterAll(async () => {
    await workers?.close();
    await env?.teardown();
  });

  it('uses a cluster client and a hash-tagged prefix', () => {
    expect((env.container.redis as unknown) instanceof Cluster).toBe(true);
    expect(env.config.queue.prefix).toMatch(/^\{test-cluster-[0-9a-f]+\}$/);
  });

  it('ingests, counts and claims with all keys in one slot', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      externalId: `c-${i}`,
      text: i % 2 ? `Terrible service at visit ${i}, refund me` : `Lovely staff at visit ${i}`,
      authorHash: (i % 4).toString(16).padStart(32, '0'),
      publishedAt: new Date(Date.now() - i * 60_000).toISOString(),
    }));
    await env.container.queues.enqueueMany('classify-batch', [{ jobId: 'cluster-1', payload: { batchId: 'cluster-1', sourceId: 'src-c', label: 'acme', kind: 'review', items } }]);
    await eventually(async () => (await env.container.repos.feedback.count({ sourceId: 'src-c' })) === 40, 20_000);
    await env.container.repos.counters.flush();

    const cluster = env.container.redis as unknown as Cluster;
    const keys: string[] = [];
    for (const node of cluster.nodes('master')) {
      keys.push(...(await node.keys(`${env.config.queue.prefix}:*`)));
    }
    expect(keys.length).toBeGreaterThan(3);
    const slots = new Set(await Promise.all(keys.map((k) => cluster.cluster('KEYSLOT', k))));
    expect(slots.size).toBe(1);
  });

  it('reaches the same cluster through a redis+cluster:// URL', async () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', REDIS_URL: `redis+cluster://${process.env.EARSHOT_REDIS_CLUSTER_NODES}` });
    const redis = createRedis(config.redis, 'producer');
    try {
      await waitForRedis(redis);
      expect((redis as unknown) instanceof Cluster).toBe(true);
      const key = `${env.config.queue.prefix}:url-probe`;
      await redis.set(key, 'ok', 'EX', 60);
      expect(await env.container.redis.get(key)).toBe('ok');
    } finally {
      redis.disconnect();
    }
  });
});
