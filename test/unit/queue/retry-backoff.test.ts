import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load-config.ts';
import { retryDelayMs, retryWindowMs } from '../../../src/queue/retry-backoff.ts';

describe('job retry backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const s = { backoffMs: 1000, maxBackoffMs: 60_000 };
    expect([1, 2, 3, 6, 7, 8, 11].map((n) => retryDelayMs(n, s))).toEqual([1000, 2000, 4000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('rides out a store restart of a few minutes at the defaults', () => {
    const { queue } = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true' });
    expect(retryWindowMs(queue)).toBeGreaterThanOrEqual(5 * 60_000);
    expect(retryWindowMs(queue)).toBeLessThan(10 * 60_000);
  });

  it('names a bad maximum', () => {
    expect(() => loadConfig({ EARSHOT_JOB_MAX_BACKOFF_MS: 'soon' })).toThrow(/EARSHOT_JOB_MAX_BACKOFF_MS/);
  });
});
