/**
 * The hardened HTTP client against loopback servers: SSRF refusal (flag off), re-checked after
 * redirects; at most 5 redirects; credentials dropped across origins; Retry-After; rate limits
 * shared through Redis.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, HttpError, PrivateAddressError } from '../../../src/infra/http/http-client.ts';
import { RedisRateLimiter } from '../../../src/infra/http/rate-limiter.ts';
import { createAddressGuard } from '../../../src/infra/http/ssrf-guard.ts';
import { pollSource } from '../../../src/domain/sources/poll-source.service.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

async function serve(host: string, handler: (path: string, res: import('node:http').ServerResponse, hits: Hit[]) => void) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    hits.push({ path: req.url ?? '/', headers: req.headers, at: Date.now() });
    handler(req.url ?? '/', res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('HTTP client safety and politeness', () => {
  let env: TestEnv;
  let target: Awaited<ReturnType<typeof serve>>;
  let elsewhere: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    // The one test environment with private sources NOT allowed.
    env = await startTestEnv('ssrf', { EARSHOT_ALLOW_PRIVATE_SOURCES: 'false' });
    elsewhere = await serve('127.0.0.2', (_p, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"reached":true}'));
    target = await serve('127.0.0.1', (path, res, hits) => {
      if (path === '/feed.rss') return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel></channel></rss>');
      if (path === '/to-elsewhere') return res.writeHead(302, { location: `${elsewhere.url}/secret` }).end();
      const hop = /^\/hop\/(\d+)$/.exec(path);
      if (hop) return res.writeHead(301, { location: `/hop/${Number(hop[1]) + 1}` }).end();
      const stop = /^\/five\/(\d+)$/.exec(path);
      if (stop) return Number(stop[1]) < 5 ? res.writeHead(307, { location: `/five/${Number(stop[1]) + 1}` }).end() : res.writeHead(200).end('arrived');
      if (path === '/busy') {
        const n = hits.filter((h) => h.path === '/busy').length;
        return n === 1 ? res.writeHead(503, { 'retry-after': '1' }).end() : res.writeHead(200).end('ok');
      }
      if (path === '/much-later') return res.writeHead(429, { 'retry-after': '3600' }).end();
      res.writeHead(200).end('ok');
    });
  });

  afterAll(async () => {
    await target?.close();
    await elsewhere?.close();
    await env?.teardown();
  });

  it('refuses a private address when EARSHOT_ALLOW_PRIVATE_SOURCES is off, and records why on the source', async () => {
    expect(env.config.sources.allowPrivate).toBe(false);
    const c = env.container;
    const source = await c.repos.sources.create({ name: 'internal', type: 'rss', url: `${target.url}/feed.rss`, kind: 'review', label: 'x', pollIntervalSec: 60, enabled: true, settings: {} });
    const before = target.hits.length;
    const outcome = await pollSource(
      { sources: c.repos.sources, queues: c.queues, http: c.http, logger: c.logger, authorSalt: 'salt-salt-salt-salt', batchSize: 10 },
      String(source._id),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/private or loopback address/);
    expect(target.hits.length).toBe(before);
    const stored = await c.repos.sources.findById(String(source._id));
    expect(stored!.health.lastError).toMatch(/refusing to connect to 127\.0\.0\.1/);
  });

  it('refuses loopback names and checks the address DNS returns', async () => {
    const http = createHttpClient({ allowPrivate: false });
    await expect(http({ url: 'http://localhost:9/x' })).rejects.toBeInstanceOf(PrivateAddressError);
    await expect(http({ url: 'http://[::1]:9/x' })).rejects.toBeInstanceOf(PrivateAddressError);
    await expect(http({ url: 'http://169.254.169.254/latest/meta-data/' })).rejects.toBeInstanceOf(PrivateAddressError);
    const { lookup } = createAddressGuard();
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error).toBeInstanceOf(PrivateAddressError);
  });

  it('checks every redirect hop: a redirect to a refused address is not followed', async () => {
    // Only 127.0.0.2 counts as private here, so the first hop (127.0.0.1) is allowed.
    const http = createHttpClient({ allowPrivate: false, isBlockedAddress: (a) => a === '127.0.0.2', hostIntervalMs: 0 });
    await expect(http({ url: `${target.url}/to-elsewhere` })).rejects.toThrow(/refusing to connect to 127\.0\.0\.2/);
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('follows at most 5 redirects and drops credentials across origins', async () => {
    const http = createHttpClient({ allowPrivate: true, hostIntervalMs: 0, retries: 0 });
    expect((await http({ url: `${target.url}/five/0` })).body).toBe('arrived');
    await expect(http({ url: `${target.url}/hop/0` })).rejects.toThrow('more than 5 redirects');
    const res = await http({ url: `${target.url}/to-elsewhere`, headers: { authorization: 'Bearer s3cret', 'x-trace': 'kept' } });
    expect(JSON.parse(res.body)).toEqual({ reached: true });
    expect(elsewhere.hits.at(-1)!.headers.authorization).toBeUndefined();
    expect(elsewhere.hits.at(-1)!.headers['x-trace']).toBe('kept');
    expect(elsewhere.hits.at(-1)!.headers['user-agent']).toMatch(/^Earshot\/\d/);
  });

  it('honours 503 Retry-After within a poll, and reports a long one for the next poll', async () => {
    const http = createHttpClient({ allowPrivate: true, hostIntervalMs: 0, retries: 2, maxRetryWaitMs: 5_000 });
    const started = Date.now();
    expect((await http({ url: `${target.url}/busy` })).body).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const error = await http({ url: `${target.url}/much-later` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
  });

  it('spaces requests to one host across clients sharing the Redis limiter', async () => {
    const limiter = new RedisRateLimiter(env.container.redis, `${env.config.queue.prefix}:rl-test`);
    const a = createHttpClient({ allowPrivate: true, hostIntervalMs: 150, sourceIntervalMs: 0, limiter });
    const b = createHttpClient({ allowPrivate: true, hostIntervalMs: 150, sourceIntervalMs: 0, limiter });
    const before = target.hits.length;
    await Promise.all([a, b, a, b].map((client, i) => client({ url: `${target.url}/spaced/${i}` })));
    const times = target.hits.slice(before).map((h) => h.at).sort((x, y) => x - y);
    expect(times).toHaveLength(4);
    // Redis TIME and local clocks may differ by a few ms; 4 requests need three 150 ms gaps.
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(420);
  });
});
