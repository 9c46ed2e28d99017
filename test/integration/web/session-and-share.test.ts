import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { shareLinkPath } from '../../../src/domain/digests/share-link.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, eventually, startTestEnv, type TestEnv } from '../../support/test-env.ts';

/** A browser-like client: keeps the session cookie, sends the CSRF token only when told to. */
async function signIn(api: TestApi, apiKey: string) {
  const res = await fetch(`${api.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey }) });
  const body = await res.json();
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const call = async (method: string, path: string, opts: { body?: unknown; csrf?: string | false; cookie?: string } = {}) => {
    const headers: Record<string, string> = { cookie: opts.cookie ?? cookie };
    if (opts.csrf !== false) headers['x-csrf-token'] = opts.csrf ?? body.csrfToken;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(api.url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await r.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // HTML or empty
    }
    return { status: r.status, body: parsed };
  };
  return { status: res.status, body, setCookie, cookie, call };
}

describe('web sessions, CSRF and digest share links', () => {
  let env: TestEnv;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('web_session', { EARSHOT_SESSION_HOURS: '1' });
    api = await listen(createApp(env.container));
    const build = await api.request('POST', '/v1/digests', { key: AGENT_KEY, body: { week: '2026-W42' } });
    expect(build.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  it('signs in with a key into an httpOnly, SameSite=Strict, signed, expiring cookie that holds no key', async () => {
    const s = await signIn(api, AGENT_KEY);
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ role: 'agent', csrfToken: expect.any(String), expiresAt: expect.any(String) });
    expect(s.setCookie).toMatch(/^earshot_session=[^;]+\.[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(s.setCookie).not.toContain(AGENT_KEY);
    const me = await s.call('GET', '/v1/session', { csrf: false });
    expect(me.body).toMatchObject({ role: 'agent', csrfToken: s.body.csrfToken });
    const ttl = await env.container.redis.pttl((await env.container.redis.keys(`${env.config.queue.prefix}:session:*`))[0]!);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
  });

  it('refuses a wrong key, a missing field (named) and a forged cookie', async () => {
    expect((await signIn(api, 'not_a_known_key_000000')).status).toBe(401);
    const missing = await fetch(`${api.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('body.apiKey');
    const s = await signIn(api, VIEWER_KEY);
    const [name, value] = s.cookie.split('=');
    const forged = `${name}=${value!.slice(0, -2)}xx`;
    expect((await s.call('GET', '/v1/items', { cookie: forged, csrf: false })).status).toBe(401);
  });

  it('reads with the cookie alone; a change needs the CSRF token', async () => {
    const s = await signIn(api, AGENT_KEY);
    expect((await s.call('GET', '/v1/cases', { csrf: false })).status).toBe(200);
    const noToken = await s.call('POST', '/v1/digests', { body: { week: '2026-W41' }, csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf');
    expect((await s.call('POST', '/v1/digests', { body: { week: '2026-W41' }, csrf: 'wrong' })).status).toBe(403);
    expect((await s.call('POST', '/v1/digests', { body: { week: '2026-W41' } })).status).toBe(201);
  });

  it('keeps roles: a viewer session is refused what a viewer may not do', async () => {
    const s = await signIn(api, VIEWER_KEY);
    const res = await s.call('POST', '/v1/digests', { body: { week: '2026-W41' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await s.call('POST', '/v1/sources', { body: { type: 'rss', url: 'http://127.0.0.1:1/x', kind: 'review', label: 'x' } })).status).toBe(403);
  });

  it('signs out on the server: the old cookie no longer works', async () => {
    const s = await signIn(api, ADMIN_KEY);
    expect((await s.call('DELETE', '/v1/session', { csrf: false })).status).toBe(403);
    const out = await s.call('DELETE', '/v1/session');
    expect(out.status).toBe(204);
    expect((await s.call('GET', '/v1/items', { csrf: false })).status).toBe(401);
    expect((await s.call('GET', '/v1/session', { csrf: false })).status).toBe(401);
  });

  it('ends a session when it expires', async () => {
    const s = await signIn(api, VIEWER_KEY);
    expect((await s.call('GET', '/v1/items', { csrf: false })).status).toBe(200);
    const redis = env.container.redis;
    for (const key of await redis.keys(`${env.config.queue.prefix}:session:*`)) await redis.pexpire(key, 1);
    await eventually(async () => (await redis.keys(`${env.config.queue.prefix}:session:*`)).length === 0);
    expect((await s.call('GET', '/v1/items', { csrf: false })).status).toBe(401);
  });

  it('keeps the Bearer API working without a CSRF token', async () => {
    expect((await api.request('POST', '/v1/digests', { key: AGENT_KEY, body: { week: '2026-W40' } })).status).toBe(201);
    expect((await api.request('GET', '/v1/items', { key: 'bad_key_0000000000000' })).status).toBe(401);
  });

  it('makes a signed share link (14 days by default) that opens one digest without a key', async () => {
    const res = await api.request('POST', '/v1/digests/2026-W42/share', { key: VIEWER_KEY, body: {} });
    expect(res.status).toBe(201);
    const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThanOrEqual(14);
    const ok = await fetch(api.url + res.body.path);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('2026-W42');

    const tampered = res.body.path.replace('2026-W42', '2026-W41');
    expect((await fetch(api.url + tampered)).status).toBe(403);
    const badSig = res.body.path.replace(/signature=.{4}/, 'signature=AAAA');
    expect((await fetch(api.url + badSig)).status).toBe(403);
    const longer = res.body.path.replace(/expires=\d+/, `expires=${Date.now() + 400 * 86_400_000}`);
    expect((await fetch(api.url + longer)).status).toBe(403);
    const expired = shareLinkPath('2026-W42', new Date(Date.now() - 1000), env.config.web.sessionSecret);
    expect((await fetch(api.url + expired)).status).toBe(410);
    expect((await api.request('POST', '/v1/digests/2026-W30/share', { key: VIEWER_KEY, body: {} })).status).toBe(404);
    const bad = await api.request('POST', '/v1/digests/2026-W42/share', { key: VIEWER_KEY, body: { days: 0 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.days');
  });
});
