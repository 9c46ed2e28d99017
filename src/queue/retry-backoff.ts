/**
 * How long a failed job waits before its next attempt: exponential from `backoffMs`, capped at
 * `maxBackoffMs`, so the defaults (12 attempts, 1 s, 60 s) keep a batch retrying for about six
 * minutes — through a store restart — instead of the ~15 s that plain doubling gave five attempts.
 */
export const BACKOFF_TYPE = 'capped-exponential';

export function retryDelayMs(attemptsMade: number, settings: { backoffMs: number; maxBackoffMs: number }): number {
  return Math.min(settings.backoffMs * 2 ** Math.max(0, attemptsMade - 1), settings.maxBackoffMs);
}

/** The whole retry window: the sum of the waits between `attempts` attempts. */
export function retryWindowMs(settings: { attempts: number; backoffMs: number; maxBackoffMs: number }): number {
  let total = 0;
  for (let n = 1; n < settings.attempts; n++) total += retryDelayMs(n, settings);
  return total;
}
