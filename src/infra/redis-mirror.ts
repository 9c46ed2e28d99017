/**
 * A Redis copy of facts whose truth is in MongoDB (which author hashes belong to customers, who
 * complained when), kept in step by the code that writes them and rebuilt from MongoDB when it may
 * be incomplete.
 *
 * Why a marker: a flushed or lost Redis loses the marker along with the copy, so the next reader
 * rebuilds instead of trusting an empty copy. Rebuilds only add (writers keep writing meanwhile),
 * so they are idempotent and never undo a concurrent write; the mutex keeps every reader from
 * scanning the store at once.
 */
import type { Redis } from 'ioredis';
import { createRedisMutex } from './redis-lock.ts';

/** A rebuild scans a collection; on FerretDB that can take minutes for a large one. */
const REBUILD_LEASE_MS = 5 * 60_000;

export interface RedisMirror {
  /** Rebuilds unless the copy is known to be complete (one EXISTS when it is). */
  ensureComplete(): Promise<void>;
  /** Adds everything from MongoDB again, complete or not: heals a copy restored from an older snapshot. */
  rebuild(): Promise<void>;
}

/** `key` names the copy; the marker and the rebuild lock live at `<key>:complete` and `<key>:rebuild`. */
export function createRedisMirror(redis: Redis, key: string, load: () => Promise<void>): RedisMirror {
  const marker = `${key}:complete`;
  const mutex = createRedisMutex(redis, `${key}:rebuild`, { leaseMs: REBUILD_LEASE_MS, waitMs: REBUILD_LEASE_MS });
  const loadAndMark = async () => {
    await load();
    await redis.set(marker, new Date().toISOString());
  };
  return {
    async ensureComplete() {
      if (await redis.exists(marker)) return;
      await mutex.run(async () => {
        // Another process may have finished a rebuild while this one waited for the lock.
        if (!(await redis.exists(marker))) await loadAndMark();
      });
    },
    async rebuild() {
      await mutex.run(loadAndMark);
    },
  };
}
