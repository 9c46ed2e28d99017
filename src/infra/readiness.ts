/** Readiness: can this process reach Redis and the store right now? Shared by the API and the worker health endpoints. */
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';

export type ServiceState = 'up' | 'down';

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<ServiceState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(deps: { redis: Redis; mongo: Connection }): Promise<{ ok: boolean; redis: ServiceState; mongodb: ServiceState }> {
  const [redis, mongodb] = await Promise.all([check(() => deps.redis.ping()), check(() => deps.mongo.db!.admin().ping())]);
  return { ok: redis === 'up' && mongodb === 'up', redis, mongodb };
}
