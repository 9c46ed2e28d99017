/**
 * Spacing of requests per key (a host, a source). Each acquire reserves the next free slot and
 * waits for it; a 429/503 pushes the key's next slot out by Retry-After, so every source on
 * that host backs off, not only the one that was told to.
 */
import type { Redis } from 'ioredis';

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

// Reserves max(now, next) and moves next one interval on; Redis' clock keeps workers on one timeline.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 1000)
return slot - now
`;

const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nxt then redis.call('SET', KEYS[1], until_, 'PX', until_ - now + 1000) end
return 0
`;

/** Shared by every worker process: per-host limits hold however many workers poll. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async acquire(key: string, intervalMs: number): Promise<void> {
    const wait = Number(await this.redis.eval(ACQUIRE, 1, `${this.prefix}:${key}`, String(intervalMs)));
    if (wait > 0) await sleep(wait);
  }

  async penalize(key: string, delayMs: number): Promise<void> {
    await this.redis.eval(PENALIZE, 1, `${this.prefix}:${key}`, String(Math.ceil(delayMs)));
  }
}
