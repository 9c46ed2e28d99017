/**
 * The web app in real Chromium against a history seeded through the real ingest path: sign-in and
 * sign-out, every page with data (and the same numbers as the API), drill-down, an agent's case
 * workflow, role limits, CSRF, digest share links, axe-core and keyboard reachability.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { startWorkers, type RunningWorkers } from '../../workers/start-workers.ts';
import { controlsNotReachedByTab, launchChromium, screenshot, seriousViolations } from '../support/browser.ts';
import { listen, type TestApi } from '../support/http.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, startTestEnv, testClassifier, type TestEnv } from '../support/test-env.ts';
import { seedWebHistory, type SeedResult } from '../support/web-seed.ts';

const PAGES = ['buzz', 'satisfaction', 'triage', 'recovery', 'digest', 'alerts', 'sources'] as const;

describe('web app in Chromium', () => {
  let env: TestEnv;
  let workers: RunningWorkers;
  let api: TestApi;
  let browser: Browser;
  let seed: SeedResult;
  const contexts: BrowserContext[] = [];

  /** `clockAt`: the browser's clock starts there (Playwright's fake timers), the server's stays real. */
  const signedIn = async (key: string, clockAt?: number): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    contexts.push(context);
    if (clockAt !== undefined) await context.clock.install({ time: clockAt });
    const page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    await page.goto(api.url);
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  };
  const open = async (page: Page, path: (typeof PAGES)[number]) => {
    await page.goto(`${api.url}/#/${path}`);
    await page.locator(`[data-ready="${path}"]`).first().waitFor({ timeout: 15_000 });
  };
  const bearer = async (path: string, key = ADMIN_KEY) => (await api.request('GET', path, { key })).body;

  beforeAll(async () => {
    env = await startTestEnv('web_app', { EARSHOT_ALERT_BASELINE_DAYS: '7' });
    workers = await startWorkers(env.container, testClassifier());
    api = await listen(createApp(env.container));
    seed = await seedWebHistory(env.container, api);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await api?.close();
    await workers?.close();
    await env?.teardown();
  });

  it('signs in with the API key field into an httpOnly SameSite=Strict cookie and signs out on the server', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(api.url);
    await page.getByLabel('API key', { exact: true }).fill('not_a_real_key_0000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('unknown API key');
    await page.getByLabel('API key', { exact: true }).fill(VIEWER_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as viewer').waitFor();
    await screenshot(page, 'signed-in-viewer');

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'earshot_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie!.value).not.toContain(VIEWER_KEY);
    expect(page.url()).not.toContain(VIEWER_KEY);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)).not.toContain(VIEWER_KEY);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key', { exact: true }).waitFor();
    const replay = await fetch(`${api.url}/v1/items`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(replay.status).toBe(401);
    await screenshot(page, 'sign-in');
  }, 60_000);

  it('shows every page with seeded data, with the numbers of the API, without serious axe violations, every control reachable by keyboard', async () => {
    const page = await signedIn(ADMIN_KEY);
    for (const path of PAGES) {
      await open(page, path);
      await screenshot(page, path);
      expect(await seriousViolations(page), `axe on ${path}`).toEqual([]);
      expect(await controlsNotReachedByTab(page), `keyboard on ${path}`).toEqual([]);
    }

    await open(page, 'buzz');
    const buzzQuery = JSON.parse((await page.locator('[data-ready="buzz"]').getAttribute('data-query'))!);
    const metrics = await bearer(`/v1/trends/metrics?${new URLSearchParams(buzzQuery)}`);
    expect(metrics.totals.volume).toBe(seed.items);
    expect(await page.locator('[data-stat="volume"] .stat-value').textContent()).toBe(metrics.totals.volume.toLocaleString('en-US'));
    expect(await page.locator('[data-stat="net-sentiment"] .stat-value').textContent()).toBe(metrics.totals.netSentiment.toLocaleString('en-US', { maximumFractionDigits: 1 }));
    expect(await page.locator('[data-bar="complaint"] .bar-value').textContent()).toBe(metrics.totals.categories.complaint.toLocaleString('en-US'));
    await expect.poll(() => page.locator('.alerts-inline li').count()).toBeGreaterThan(0);
    expect(await page.locator('.alerts-inline').textContent()).toContain('robust z');

    await open(page, 'satisfaction');
    const satQuery = JSON.parse((await page.locator('[data-ready="satisfaction"]').getAttribute('data-query'))!);
    const sat = await bearer(`/v1/trends/metrics?${new URLSearchParams(satQuery)}`);
    expect(await page.locator('[data-stat="nps"] .stat-value').textContent()).toBe(sat.totals.nps.score.toLocaleString('en-US', { maximumFractionDigits: 1 }));
    expect(await page.locator('[data-stat="delighted"] .stat-value').textContent()).toBe(sat.totals.satisfactionMix.delighted.toLocaleString('en-US'));

    await open(page, 'triage');
    const queue = await bearer('/v1/cases?limit=50');
    await expect.poll(() => page.locator('[data-case-row]').count()).toBe(queue.cases.length);
    expect(await page.locator('[data-case-row]').first().getAttribute('data-case-row')).toBe(queue.cases[0].id);

    await open(page, 'recovery');
    const recQuery = JSON.parse((await page.locator('[data-ready="recovery"]').getAttribute('data-query'))!);
    const rec = await bearer(`/v1/recovery?${new URLSearchParams(recQuery)}`);
    expect(await page.locator('[data-stat="resolved"] .stat-value').textContent()).toBe(String(rec.resolvedCases));
    const atRisk = await bearer('/v1/customers/at-risk');
    await expect.poll(() => page.locator('[data-save-queue] tbody tr').count()).toBe(atRisk.customers.length);

    await open(page, 'alerts');
    const alerts = await bearer('/v1/alerts?status=open&limit=100');
    expect(await page.locator('[data-alert]').count()).toBe(alerts.alerts.length);

    await open(page, 'sources');
    expect(await page.locator('[data-source]').count()).toBe((await bearer('/v1/sources')).sources.length);

    await open(page, 'digest');
    expect(await page.locator('article.digest').textContent()).toContain(seed.lastWeek);
  }, 180_000);

  it('drills down from a chart bucket and from a bar to the items behind them, a page at a time', async () => {
    const page = await signedIn(VIEWER_KEY);
    await open(page, 'buzz');
    const q = JSON.parse((await page.locator('[data-ready="buzz"]').getAttribute('data-query'))!);

    await page.locator('[data-bar="complaint"] button').click();
    await page.locator('[data-drill-count]').waitFor();
    const complaints = await bearer(`/v1/items?${new URLSearchParams({ category: 'complaint', from: q.from, to: q.to, limit: '20' })}`, VIEWER_KEY);
    expect(await page.locator('[data-drill] [data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual(complaints.items.map((i: { id: string }) => i.id));
    expect(await page.locator('[data-drill] .item-meta').first().textContent()).toMatch(/confidence .*cues:/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.locator('[data-drill] p.muted').first().textContent()).toContain('Page 2');
    await screenshot(page, 'buzz-drill-down');

    // A click on the chart picks the bucket under the cursor: the last day holds the planted spike.
    const plot = page.locator('.chart .u-over').first();
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    await expect.poll(() => page.locator('#drill-h').textContent()).toMatch(/^Items in day \d{4}-\d{2}-\d{2}$/);
    const day = (await page.locator('#drill-h').textContent())!.slice(-10);
    const dayItems = await bearer(`/v1/items?${new URLSearchParams({ from: `${day}T00:00:00.000Z`, to: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString(), limit: '20' })}`, VIEWER_KEY);
    // Poll the ids, not the count: the previous drill-down (page 2 of complaints) also showed 20 items.
    await expect
      .poll(() => page.locator('[data-drill] [data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item'))))
      .toEqual(dayItems.items.map((i: { id: string }) => i.id));
  }, 60_000);

  it('shows a new item on the buzz page without a reload', async () => {
    const page = await signedIn(VIEWER_KEY);
    await open(page, 'buzz');
    await page.locator('[data-latest]').waitFor();
    const text = 'The new oat latte is wonderful, best thing on the menu this winter';
    const pushed = await api.request('POST', '/v1/items', { key: AGENT_KEY, body: { label: 'acme', kind: 'mention', items: [{ externalId: 'live-1', text }] } });
    expect(pushed.status).toBe(202);
    await page.locator('[data-latest]').getByText(text).waitFor({ timeout: 30_000 });
  }, 60_000);

  const HOUR = 3_600_000;
  const isPulse = (url: string) => url.includes('/v1/trends/buzz?') && url.includes('interval=hour');
  const countedInHour = async (end: number, label?: string) =>
    (await bearer(`/v1/trends/buzz?${new URLSearchParams({ interval: 'hour', from: new Date(end - HOUR).toISOString(), to: new Date(end).toISOString(), ...(label ? { label } : {}) })}`, VIEWER_KEY)).buckets.reduce(
      (sum: number, b: { volume: number }) => sum + b.volume,
      0,
    );

  it('shows an item counted just before the hour turns, after it turned (the pulse of an empty new hour equals the old one)', async () => {
    // The browser lives ten minutes before the end of an hour twenty days back (before the seeded
    // history and last week's digest), on a label of its own; the server's clock stays real.
    const hourEnd = (Math.floor(Date.now() / HOUR) - 20 * 24) * HOUR;
    const label = 'latecomer';
    const push = (externalId: string, text: string, at: number) =>
      api.request('POST', '/v1/items', { key: AGENT_KEY, body: { label, kind: 'mention', items: [{ externalId, text, publishedAt: new Date(at).toISOString() }] } });
    expect((await push('late-earlier', 'An earlier visit: decent coffee, nothing special', hourEnd - 3 * HOUR)).status).toBe(202);
    await expect.poll(() => countedInHour(hourEnd - 2 * HOUR, label), { timeout: 30_000 }).toBe(1);
    const page = await signedIn(VIEWER_KEY, hourEnd - 10 * 60_000);
    await open(page, 'buzz');
    const firstPulse = page.waitForResponse((r) => isPulse(r.url()) && r.url().includes(`label=${label}`));
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Label').selectOption(label);
    await firstPulse;
    await page.locator('[data-latest]').getByText('An earlier visit').waitFor();
    // No poll may run between the item being counted and the hour turning: the clock stops, and
    // what the stop set going (a poll's render, its effects after paint) runs and answers first.
    let inFlight = 0;
    page.on('request', () => inFlight++);
    const settled = () => inFlight--;
    page.on('requestfinished', settled);
    page.on('requestfailed', settled);
    await page.clock.pauseAt(hourEnd - 9 * 60_000);
    await page.clock.runFor(1_000);
    await expect.poll(() => inFlight).toBe(0);
    const text = 'Late in the hour: the winter menu is lovely, the best cocoa in town';
    expect((await push('late-hour-end', text, hourEnd - 5 * 60_000)).status).toBe(202);
    await expect.poll(() => countedInHour(hourEnd, label), { timeout: 30_000 }).toBe(1);
    // The hour turns without a timer firing before it (a fast-forward would run the next poll in the old hour).
    await page.clock.setSystemTime(hourEnd + 1_000);
    await page.clock.resume();
    await page.locator('[data-latest]').getByText(text).waitFor({ timeout: 30_000 });
  }, 90_000);

  it('shows an item counted while the first pulse was on its way (the latest items are read after it)', async () => {
    const page = await signedIn(VIEWER_KEY);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let seen!: () => void;
    const pulseAsked = new Promise<void>((resolve) => (seen = resolve));
    let first = true;
    await page.route((url) => isPulse(url.href), async (route) => {
      if (first) {
        first = false;
        seen();
        await held;
      }
      await route.continue();
    });
    await page.goto(`${api.url}/#/buzz`);
    await pulseAsked;
    const at = Date.now();
    const hourEnd = (Math.floor(at / HOUR) + 1) * HOUR;
    const before = await countedInHour(hourEnd);
    const text = 'Quick one: the barista remembered my order, lovely service as always';
    const pushed = await api.request('POST', '/v1/items', { key: AGENT_KEY, body: { label: 'acme', kind: 'mention', items: [{ externalId: 'live-first-pulse', text, publishedAt: new Date(at).toISOString() }] } });
    expect(pushed.status).toBe(202);
    await expect.poll(() => countedInHour(hourEnd), { timeout: 30_000 }).toBeGreaterThan(before);
    release();
    await page.locator('[data-latest]').getByText(text).waitFor({ timeout: 30_000 });
  }, 90_000);

  it('lets an agent work a case end to end with the keyboard and the case view', async () => {
    const page = await signedIn(AGENT_KEY);
    await open(page, 'triage');
    // The shortcuts are listed on the page.
    await page.getByText('acknowledge the selected case').waitFor();
    await page.locator('[data-case]').waitFor();
    const first = (await page.locator('[data-case]').getAttribute('data-case'))!;
    await page.locator('main').focus();
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('[data-case]').getAttribute('data-case')).not.toBe(first);
    expect(await page.locator('[data-case-row][aria-current="true"]').getAttribute('data-case-row')).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('[data-case]').getAttribute('data-case')).toBe(first);
    const id = first;
    await page.keyboard.press('a');
    await page.locator(`[data-case="${id}"][data-status="acknowledged"]`).waitFor();
    await page.getByLabel('Assign to').fill('sam');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('assigned to sam').waitFor();
    await page.getByLabel('Note', { exact: true }).fill('Called the customer back');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Called the customer back').waitFor();
    await page.getByText('Correct the label').click();
    await page.locator('.correction').getByLabel('Intent').selectOption('non-instrumental');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.locator('.correction [role="status"]').filter({ hasText: /Corrected|Nothing/ }).waitFor();
    await screenshot(page, 'triage-case');
    await page.locator('main').focus();
    await page.keyboard.press('r');
    await expect.poll(async () => (await bearer(`/v1/cases/${id}`, AGENT_KEY)).status).toBe('resolved');

    const kase = await bearer(`/v1/cases/${id}`, AGENT_KEY);
    expect(kase.assignee).toBe('sam');
    expect(kase.notes.map((n: { text: string }) => n.text)).toContain('Called the customer back');
    expect(kase.history.map((h: { to?: string }) => h.to).filter(Boolean)).toEqual(expect.arrayContaining(['acknowledged', 'resolved']));
    const item = (await bearer(`/v1/items?limit=500`, AGENT_KEY)).items.find((i: { id: string }) => i.id === kase.itemId);
    expect(item?.classification.complaint?.intent).toBe('non-instrumental');
  }, 60_000);

  it('does not offer a viewer what a viewer may not do, and the server refuses it anyway', async () => {
    const page = await signedIn(VIEWER_KEY);
    await open(page, 'triage');
    await page.locator('[data-case]').waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Acknowledge all venting/ }).count()).toBe(0);
    expect(await page.getByText('Correct the label').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Sources' }).count()).toBe(0);
    await open(page, 'alerts');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    const id = (await bearer('/v1/cases?limit=1')).cases[0].id;
    const refused = await page.evaluate(async (caseId) => {
      const { csrfToken } = await (await fetch('/v1/session')).json();
      const res = await fetch(`/v1/cases/${caseId}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify({ status: 'acknowledged' }) });
      return { status: res.status, body: await res.json() };
    }, id);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  }, 60_000);

  it('refuses a state-changing request from the session without its CSRF token', async () => {
    const page = await signedIn(AGENT_KEY);
    const id = (await bearer('/v1/cases?limit=1')).cases[0].id;
    const refused = await page.evaluate(async (caseId) => {
      const res = await fetch(`/v1/cases/${caseId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'no token' }) });
      return { status: res.status, body: await res.json() };
    }, id);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('csrf');
    expect((await bearer(`/v1/cases/${id}`)).notes).toEqual([]);
  }, 60_000);

  it('shares a digest with a signed link that opens without a key, and refuses a tampered one', async () => {
    const page = await signedIn(VIEWER_KEY);
    await open(page, 'digest');
    await page.getByRole('button', { name: 'Create share link' }).click();
    const link = (await page.locator('[data-share-link]').inputValue())!;
    expect(link).toMatch(new RegExp(`/share/digests/${seed.lastWeek}\\?expires=\\d+&signature=`));
    const expires = Number(new URL(link).searchParams.get('expires'));
    expect((expires - Date.now()) / 86_400_000).toBeCloseTo(14, 1);

    const anonymous = await browser.newContext();
    contexts.push(anonymous);
    const reader = await anonymous.newPage();
    const ok = await reader.goto(link);
    expect(ok?.status()).toBe(200);
    expect(await reader.textContent('body')).toContain(seed.lastWeek);
    await screenshot(reader, 'digest-share-link');
    const bad = await reader.goto(link.replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`));
    expect(bad?.status()).toBe(403);
    expect(await reader.textContent('h1')).toBe('Link not valid');
  }, 60_000);

  it('lets an admin add, pause and poll a source, rotate a webhook secret and acknowledge an alert; downloads work with the session', async () => {
    const page = await signedIn(ADMIN_KEY);
    await open(page, 'sources');
    const before = await page.locator('[data-source]').count();
    const add = page.getByRole('region', { name: 'Add a source' });
    await add.getByLabel('Type').selectOption('push');
    await add.getByLabel('Name').fill('NPS survey');
    await add.getByLabel('Kind').selectOption('survey');
    await add.getByLabel('Label (brand)').fill('acme');
    await add.getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => page.locator('[data-source]').count()).toBe(before + 1);
    expect(await page.locator('[data-webhook-secret]').textContent()).toMatch(/^whsec_/);
    const row = page.locator('[data-source]').filter({ hasText: 'NPS survey' });
    const first = await page.locator('[data-webhook-secret]').textContent();
    await row.getByRole('button', { name: 'Rotate webhook secret' }).click();
    await expect.poll(() => page.locator('[data-webhook-secret]').textContent()).not.toBe(first);
    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    const rss = page.locator('[data-source]').filter({ hasText: 'Acme reviews (RSS)' });
    await rss.getByRole('button', { name: 'Poll now' }).click();
    await page.getByRole('status').filter({ hasText: 'poll queued' }).waitFor();
    const sources = (await bearer('/v1/sources')).sources;
    expect(sources.find((s: { name: string }) => s.name === 'NPS survey')).toMatchObject({ type: 'push', enabled: false, webhook: { secretSet: true } });

    await open(page, 'alerts');
    const open_ = (await bearer('/v1/alerts?status=open&limit=100')).alerts.length;
    await page.locator('[data-alert]').first().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(async () => (await bearer('/v1/alerts?status=open&limit=100')).alerts.length).toBe(open_ - 1);
    await expect.poll(() => page.locator('[data-alert]').count()).toBe(open_ - 1);

    const markdown = await page.request.get(`${api.url}/v1/digests/${seed.lastWeek}?format=markdown`);
    expect(markdown.status()).toBe(200);
    expect(await markdown.text()).toContain(seed.lastWeek);
  }, 60_000);
});
