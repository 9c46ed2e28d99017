import { request as httpRequest } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { ADMIN_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

/** Every route with an id in its path, called with a bad percent-escape in place of the id. */
const ID_ROUTES: Array<[string, string]> = [
  ['GET', '/v1/sources/%ZZ'],
  ['PATCH', '/v1/sources/%ZZ'],
  ['DELETE', '/v1/sources/%ZZ'],
  ['POST', '/v1/sources/%ZZ/poll'],
  ['POST', '/v1/sources/%ZZ/webhook-secret'],
  ['POST', '/v1/webhooks/%ZZ'],
  ['GET', '/v1/alerts/%ZZ'],
  ['PATCH', '/v1/alerts/%E0%A4%A'],
  ['GET', '/v1/cases/%ZZ'],
  ['PATCH', '/v1/cases/%ZZ'],
  ['GET', '/v1/customers/%ZZ'],
  ['DELETE', '/v1/customers/%ZZ/at-risk'],
  ['GET', '/v1/digests/%ZZ'],
  ['PATCH', '/v1/items/%ZZ/classification'],
];

describe('bad input gets a 4xx problem, never a 500', () => {
  let env: TestEnv;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('badinput');
    api = await listen(createApp(env.container), ADMIN_KEY);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  const send = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(api.url + path, { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...init.headers } });

  it('answers a bad escape in an id with 400 on every route', async () => {
    for (const [method, path] of ID_ROUTES) {
      const res = await send(path, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 400 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('rejects a year -1 publishedAt at the API instead of failing the job later', async () => {
    const res = await api.request('POST', '/v1/items', { body: { items: [{ externalId: 'y-1', text: 'hello', publishedAt: '-000001-01-01T00:00:00Z' }] } });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body.items.0.publishedAt', message: expect.stringMatching(/between 1970/) }]);
    const mixed = await api.request('POST', '/v1/items', {
      body: { items: [{ externalId: 'y-2', text: 'fine', publishedAt: '2026-01-01T00:00:00Z' }, { externalId: 'y-3', text: 'far', publishedAt: '+275760-09-13T00:00:00Z' }] },
    });
    expect(mixed.status).toBe(207);
    expect(mixed.body.results.map((r: { status: number }) => r.status)).toEqual([202, 400]);
  });

  it('answers out-of-range trend and list dates with 400 naming the field', async () => {
    for (const path of [
      '/v1/trends/buzz?from=-271821-04-20T00:00:00Z&to=-271820-04-20T00:00:00Z',
      '/v1/trends/metrics?interval=week&from=-271821-04-20T00:00:00Z&to=-271820-04-20T00:00:00Z',
      '/v1/trends/terms?from=275000-01-01&to=275001-01-01',
      '/v1/items?from=-000001-01-01T00:00:00Z',
      '/v1/alerts?from=99999-01-01',
      '/v1/recovery?from=-000001-01-01T00:00:00Z',
    ]) {
      const res = await api.request('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.fields[0].field).toMatch(/^query\.(from|to)$/);
    }
  });

  it('answers a bogus charset and an unknown content encoding with 415', async () => {
    const charset = await send('/v1/items', { method: 'POST', body: '{"items":[{"text":"x"}]}', headers: { 'content-type': 'application/json; charset=bogus' } });
    expect(charset.status).toBe(415);
    expect(await charset.json()).toMatchObject({ status: 415, code: 'unsupported_charset' });
    const unknown = await send('/v1/items', { method: 'POST', body: '{"items":[{"text":"x"}]}', headers: { 'content-type': 'application/json', 'content-encoding': 'compress' } });
    expect(unknown.status).toBe(415);
    expect(await unknown.json()).toMatchObject({ status: 415, code: 'unsupported_encoding' });
  });

  it('answers a body labelled gzip or br that is not with 400, and reads real ones', async () => {
    for (const [encoding, zip] of [['gzip', gzipSync], ['br', brotliCompressSync]] as const) {
      const fake = await send('/v1/items', { method: 'POST', body: '{"items":[]}', headers: { 'content-type': 'application/json', 'content-encoding': encoding } });
      expect({ encoding, status: fake.status }).toEqual({ encoding, status: 400 });
      expect((await fake.json()).status).toBe(400);
      const real = await send('/v1/items', {
        method: 'POST',
        body: zip(`{"items":[{"externalId":"${encoding}-1","text":"zipped"}]}`),
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      });
      expect({ encoding, status: real.status }).toEqual({ encoding, status: 202 });
    }
  });

  it('answers a 100 kB header with a JSON 431', async () => {
    const { port } = new URL(api.url);
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/items', headers: { 'x-big': 'a'.repeat(100_000) } }, (r) => {
        let body = '';
        r.on('data', (d) => (body += d));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, type: String(r.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(res.type).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('returns RFC 9457 problems with the request id of the access log', async () => {
    const res = await send('/v1/sources/nope', { headers: { 'x-request-id': 'trace-42' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('trace-42');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'source not found',
      instance: '/v1/sources/nope',
      code: 'not_found',
      requestId: 'trace-42',
    });
    const fresh = await send('/v1/nowhere');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fresh.json()).requestId).toBe(fresh.headers.get('x-request-id'));
  });
});
