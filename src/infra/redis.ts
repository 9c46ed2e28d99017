import { Redis, type ChainableCommander, type RedisOptions } from 'ioredis';

/**
 * Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`);
 * producers (the API, schedulers) fail fast instead of queueing commands offline.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false };
  return new Redis(url, options);
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
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
