/**
 * A cluster-wide mutex in Redis (SET NX PX with a token, released by compare-and-delete).
 *
 * Why: FerretDB 1.24 (SQLite) applies `$inc` as read-modify-write without locking, so two
 * processes incrementing one document at once lose updates (measured here: four concurrent
 * `$inc: {n: 1}` upserts, all acknowledged, left n = 2). Writers of shared counters take this
 * lock; on MongoDB it is merely redundant.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script.ts';

const RELEASE = new LuaScript(new URL('./lua/releaseLock-1.lua', import.meta.url));
const RENEW = new LuaScript(new URL('./lua/renewLock-1.lua', import.meta.url));

export interface Mutex {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

/**
 * The lease is renewed every third of `leaseMs` while the work runs, so a long holder keeps the
 * lock however long it takes and a crashed one frees it within `leaseMs`: no fixed hold time to
 * guess (a 120 s lease once stalled the other workers for two minutes after a holder died).
 */
export function createRedisMutex(redis: Redis, key: string, options: { leaseMs?: number; waitMs?: number } = {}): Mutex {
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 60_000;
  return {
    async run(work) {
      const token = randomBytes(12).toString('hex');
      const deadline = Date.now() + waitMs;
      for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
        if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) === 'OK') break;
        if (Date.now() > deadline) throw new LockTimeoutError(`lock ${key} not acquired within ${waitMs} ms`);
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      }
      const renew = setInterval(() => {
        RENEW.run(redis, [key], [token, leaseMs]).catch(() => undefined); // Redis away: the lease runs out by itself
      }, Math.max(1, Math.floor(leaseMs / 3)));
      try {
        return await work();
      } finally {
        clearInterval(renew);
        await RELEASE.run(redis, [key], [token]);
      }
    },
  };
}

/**
 * A lease that is taken or not, never waited for: resolves to a release function, or null when
 * someone else holds `key`. It expires by itself after `leaseMs` (a crashed holder).
 */
export async function tryLease(redis: Redis, key: string, leaseMs: number): Promise<(() => Promise<void>) | null> {
  const token = randomBytes(12).toString('hex');
  if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK') return null;
  return async () => {
    await RELEASE.run(redis, [key], [token]);
  };
}

/** Deletes `key` only while it still holds `value` (a claim released by its owner, never someone else's). */
export async function deleteIfHolds(redis: Redis, key: string, value: string): Promise<boolean> {
  return (await RELEASE.run(redis, [key], [value])) === 1;
}
