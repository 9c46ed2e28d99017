import { Cluster, Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import type { Config } from '../../config/load-config.ts';

/**
 * Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`);
 * producers (the API, schedulers) fail fast instead of queueing commands offline.
 * With cluster nodes configured the client is an ioredis Cluster, typed as `Redis`: every key
 * Earshot uses together carries the queue prefix's hash tag, so each script, MULTI and pipeline
 * goes to one node and the commands behave as on one Redis (BullMQ detects the Cluster itself).
 */
export function createRedis(settings: Config['redis'], role: 'worker' | 'producer'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false };
  if (settings.clusterNodes.length === 0) return new Redis(settings.url, options);
  const { enableOfflineQueue, ...redisOptions } = options;
  const { username, password, tls } = settings.cluster;
  return new Cluster(settings.clusterNodes, {
    redisOptions: { ...redisOptions, username, password, ...(tls ? { tls: {} } : {}) },
    enableOfflineQueue: enableOfflineQueue ?? true,
  }) as unknown as Redis;
}

/** Resolves once the connection is ready, so a producer with no offline queue can be used at once. */
export async function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Runs a pipeline and returns its replies in order; throws the first command error instead of returning it. */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([err, reply]) => {
    if (err) throw err;
    return reply;
  });
}

/** Deletes every key under `<prefix>:` (leases, lookups and claims have TTLs of days, or none). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  // SCAN walks one node: on a cluster, walk every master.
  const nodes = (redis as unknown) instanceof Cluster ? (redis as unknown as Cluster).nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      // On a cluster the prefix is hash-tagged, so the keys found share a slot and one UNLINK takes them.
      if (keys.length) await node.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}
