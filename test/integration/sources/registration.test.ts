/**
 * Registration through the API with private sources not allowed (the production default): a URL
 * naming a private, loopback, link-local or metadata address in any spelling is a 400 at once,
 * not a 201 followed by failing polls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';

let env: TestEnv;
let api: TestApi;

beforeAll(async () => {
  env = await startTestEnv('registration', { EARSHOT_ALLOW_PRIVATE_SOURCES: 'false' });
  api = await listen(createApp(env.container), ADMIN_KEY);
});

afterAll(async () => {
  await api?.close();
  await env?.teardown();
});

describe('SSRF at registration', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://127.1/feed',
    'http://2130706433/feed',
    'http://0x7f000001/feed',
    'http://0177.0.0.1/feed',
    'http://[::ffff:127.0.0.1]/feed',
    'http://[::1]:8080/feed',
    'http://[0:0:0:0:0:0:0:1]/feed',
    'http://[fd00::1]/feed',
    'http://10.0.0.7/feed',
    'http://192.168.1.1/feed',
    'http://0.0.0.0/feed',
    'http://localhost:3000/feed',
    'http://LOCALHOST./feed',
    'http://api.localhost/feed',
  ])('refuses %s with a 400 naming the url', async (url) => {
    const res = await api.request('POST', '/v1/sources', { body: { type: 'rss', url, kind: 'review', label: 'acme' } });
    expect(res.status).toBe(400);
    // Matched on the text: the error body's shape is the error middleware's business.
    expect(JSON.stringify(res.body)).toMatch(/"body\.url".*private, loopback or link-local/);
  });

  it('accepts a public URL, and refuses a private one in a later PATCH', async () => {
    const created = await api.request('POST', '/v1/sources', { body: { type: 'rss', url: 'https://feeds.example.com/reviews.xml', kind: 'review', label: 'acme', enabled: false } });
    expect(created.status).toBe(201);
    const patched = await api.request('PATCH', `/v1/sources/${created.body.id}`, { body: { url: 'http://169.254.169.254/latest/meta-data/' } });
    expect(patched.status).toBe(400);
    expect((await api.request('GET', `/v1/sources/${created.body.id}`)).body.url).toBe('https://feeds.example.com/reviews.xml');
  });
});
