/**
 * Requests per API key per minute, counted in Redis so every API process shares one budget
 * (a fixed one-minute window: one INCR per request). Over the limit: 429 with `Retry-After`.
 * When Redis cannot be reached the request goes through: the route itself answers 503 if it needs Redis.
 */
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { ApiError } from '../errors.ts';

const WINDOW_MS = 60_000;

export function rateLimit(redis: Redis, options: { prefix: string; perMinute: number }): RequestHandler {
  return async (req, res, next) => {
    const keyId = req.principal?.keyId;
    if (options.perMinute === 0 || !keyId) return next();
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${options.prefix}:api-rate:${keyId}:${window}`;
    let used: number;
    try {
      const replies = await redis.multi().incr(key).pexpire(key, WINDOW_MS).exec();
      used = Number(replies?.[0]?.[1]);
    } catch {
      return next();
    }
    const resetSec = Math.ceil(((window + 1) * WINDOW_MS - now) / 1000);
    res.setHeader('RateLimit-Limit', String(options.perMinute));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, options.perMinute - used)));
    res.setHeader('RateLimit-Reset', String(resetSec));
    if (used > options.perMinute) {
      return next(new ApiError(429, 'rate_limited', `more than ${options.perMinute} requests per minute with this key`, undefined, resetSec));
    }
    next();
  };
}
