/**
 * Spacing of requests per key (a host, a source). Each acquire reserves the next free slot and
 * waits for it; a 429/503 pushes the key's next slot out by Retry-After, so every source on
 * that host backs off, not only the one that was told to.
 */
import type { Redis } from 'ioredis';
import { LuaScript } from '../lua-script.ts';

export interface RateLimiter {
  /** Resolves when a request under `key` may start, at least `intervalMs` after the previous one. */
  acquire(key: string, intervalMs: number): Promise<void>;
  /** No request under `key` may start in the next `delayMs`. */
  penalize(key: string, delayMs: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One process only: for the CLI and unit tests. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly next = new Map<string, number>();

  async acquire(key: string, intervalMs: number): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, slot + intervalMs);
    if (slot > now) await sleep(slot - now);
  }

  async penalize(key: string, delayMs: number): Promise<void> {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, Date.now() + delayMs));
  }
}

const ACQUIRE = new LuaScript(new URL('../lua/acquireRateSlot-1.lua', import.meta.url));
const PENALIZE = new LuaScript(new URL('../lua/penalizeRateSlot-1.lua', import.meta.url));

/** Shared by every worker process: per-host limits hold however many workers poll. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async acquire(key: string, intervalMs: number): Promise<void> {
    const wait = Number(await ACQUIRE.run(this.redis, [`${this.prefix}:${key}`], [String(intervalMs)]));
    if (wait > 0) await sleep(wait);
  }

  async penalize(key: string, delayMs: number): Promise<void> {
    await PENALIZE.run(this.redis, [`${this.prefix}:${key}`], [String(Math.ceil(delayMs))]);
  }
}
