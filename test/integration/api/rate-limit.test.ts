import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { ADMIN_KEY, VIEWER_KEY, eventually, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

describe('rate limit per API key', () => {
  let env: TestEnv;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('ratelimit', { EARSHOT_RATE_LIMIT_PER_MIN: '3' });
    api = await listen(createApp(env.container), VIEWER_KEY);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  it('answers 429 with Retry-After past the limit, for that key only', async () => {
    // Stay inside one one-minute window.
    await eventually(async () => Date.now() % 60_000 < 55_000, 10_000, 100);
    for (let i = 0; i < 3; i++) {
      const ok = await api.request('GET', '/v1/sources');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const limited = await api.request('GET', '/v1/sources');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((await api.request('GET', '/v1/sources', { key: ADMIN_KEY })).status).toBe(200);
    // Health checks carry no key and are never limited.
    expect((await api.request('GET', '/healthz', { key: '' })).status).toBe(200);
  });
});
