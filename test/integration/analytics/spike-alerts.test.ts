import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, AGENT_KEY, VIEWER_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { createApp } from '../../../src/api/app.ts';
import { cls, countOnly, storeItems, type FixtureItem } from './analytics-fixtures.ts';

const H = 3_600_000;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const HISTORY_START = Date.UTC(2026, 9, 1, 0); // 2026-10-01T00 UTC
const SPIKE = Date.UTC(2026, 9, 15, 10); // 14 days later, 10:00 UTC

/** Steady, deterministic noise: 4–8 mentions an hour per label, one complaint every third hour. */
function noise(label: string, fromMs: number, toMs: number): FixtureItem[] {
  const out: FixtureItem[] = [];
  for (let t = fromMs, h = 0; t < toMs; t += H, h++) {
    const n = 4 + ((h * 7 + label.length) % 5);
    for (let i = 0; i < n; i++) {
      const complaint = i === 0 && h % 3 === 0;
      out.push({
        label,
        at: new Date(t + i * 60_000),
        text: complaint ? 'delivery was slow this time' : i % 2 ? 'nice coffee and friendly staff' : 'opening hours on sunday?',
        classification: cls(complaint ? 'complaint' : i % 2 ? 'satisfaction' : 'neutral'),
      });
    }
  }
  return out;
}

function spike(label: string, at: number, n: number): FixtureItem[] {
  return Array.from({ length: n }, (_, i) => ({
    label,
    at: new Date(at + (i % 50) * 60_000),
    text: i % 4 === 3 ? `Still love the espresso, but checkout broken today (${i})` : `Checkout broken again, payment failed twice and card charged (${i})`,
    classification: i % 4 === 3 ? cls('satisfaction') : cls('complaint'),
  }));
}

describe('spike alerts', () => {
  let env: TestEnv;
  let hooks: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  let failNext = 1;
  let server: Server;
  let workers: RunningWorkers | undefined;
  let api: TestApi;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        // The first delivery fails: the retry with backoff must get through.
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end();
          return;
        }
        hooks.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    env = await startTestEnv('analytics_alerts', { EARSHOT_ALERT_WEBHOOKS: url, EARSHOT_WEBHOOK_SECRET: SECRET, EARSHOT_ALERT_COOLDOWN_HOURS: '6' });
    const c = env.container;
    await countOnly(c, [...noise('acme', HISTORY_START, SPIKE), ...noise('rival', HISTORY_START, SPIKE + 12 * H)]);
    api = await listen(createApp(c), VIEWER_KEY);
  }, 120_000);

  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await env?.teardown();
    await new Promise((r) => server.close(r));
  });

  it('raises nothing on steady noise', async () => {
    const alerts = env.container.analytics.alerts;
    for (let t = HISTORY_START + 2 * 24 * H; t < SPIKE; t += 13 * H) {
      const outcome = await alerts.detect(new Date(t + 10 * 60_000));
      expect(outcome.raised.map((a) => `${a.key}@${a.hour}`)).toEqual([]);
    }
    const outcome = await alerts.detect(new Date(SPIKE - H + 30 * 60_000));
    expect(outcome.evaluated).toBeGreaterThan(0);
    expect(outcome.raised).toEqual([]);
  });

  it('raises a planted spike once, with figures, top terms and three samples, then cools down', async () => {
    const c = env.container;
    await storeItems(c, spike('acme', SPIKE, 60));
    const first = await c.analytics.alerts.detect(new Date(SPIKE + 20 * 60_000));
    const keys = first.raised.map((a) => a.key).sort();
    expect(keys).toEqual(['all|complaints', 'all|negative_share', 'all|volume', 'l:acme|complaints', 'l:acme|negative_share', 'l:acme|volume']);
    const acme = first.raised.find((a) => a.key === 'l:acme|complaints')!;
    expect(acme.hour).toBe('2026-10-15T10');
    expect(acme.figures.value).toBe(45 + 0); // 45 complaints in the spike hour, none from noise (hour 10 of day 14 is not a noise hour)
    expect(acme.figures.z).toBeGreaterThanOrEqual(4);
    expect(['warning', 'high', 'critical']).toContain(acme.severity);
    expect(acme.samples).toHaveLength(3);
    for (const s of acme.samples) expect(s.text).toMatch(/checkout broken/i);
    expect(acme.topTerms).toContain('checkout');
    expect(acme.topTerms.join(' ')).not.toMatch(/acme/);
    // One burst, one event: the six alerts (two scopes × three series) say they belong together.
    const event = first.raised.find((a) => a.key === 'all|volume')!.event;
    expect(event).toEqual(expect.any(String));
    expect(new Set(first.raised.map((a) => a.event))).toEqual(new Set([event]));
    // Samples match the series that fired: complaints for complaint and negative-share spikes (not the
    // spike's positive posts); a volume spike shows what the volume is made of.
    for (const a of first.raised.filter((a) => a.series !== 'volume')) for (const s of a.samples) expect(s.category, a.key).toBe('complaint');
    expect(new Set(first.raised.find((a) => a.key === 'l:acme|volume')!.samples.map((s) => s.category))).toEqual(new Set(['complaint', 'satisfaction']));

    // The same detection again: no new alert (de-dup).
    const again = await c.analytics.alerts.detect(new Date(SPIKE + 25 * 60_000));
    expect(again.raised).toEqual([]);
    // The spike goes on in the next hour: the same incident is updated, not raised again (cooldown).
    await storeItems(c, spike('acme', SPIKE + H, 50));
    const next = await c.analytics.alerts.detect(new Date(SPIKE + H + 20 * 60_000));
    expect(next.raised).toEqual([]);
    expect(next.updated).toContain(acme._id);
    const stored = await c.analytics.alertRepo.get(acme._id);
    expect(stored!.occurrences).toBe(2);
    expect(stored!.lastSeenHour).toBe('2026-10-15T11');
  });

  it('lists, acknowledges, and delivers a Standard Webhooks event with retry', async () => {
    const c = env.container;
    const list = await api.request('GET', '/v1/alerts?status=open');
    expect(list.status).toBe(200);
    expect(list.body.alerts).toHaveLength(6);
    const id = list.body.alerts[0]._id as string;
    expect((await api.request('PATCH', `/v1/alerts/${id}`, { body: { status: 'acknowledged' } })).status).toBe(403);
    const ack = await api.request('PATCH', `/v1/alerts/${id}`, { key: AGENT_KEY, body: { status: 'acknowledged' } });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect((await api.request('PATCH', `/v1/alerts/${id}`, { key: ADMIN_KEY, body: { status: 'open' } })).status).toBe(400);
    expect((await api.request('GET', '/v1/alerts?status=acknowledged')).body.alerts).toHaveLength(1);

    // A spike for rival, detected by the scheduled job through the real queue and worker.
    await storeItems(c, spike('rival', SPIKE + 12 * H, 60));
    workers = await startWorkers(c, testClassifier());
    await c.queues.enqueue('detect-alerts', { at: new Date(SPIKE + 12 * H + 20 * 60_000).toISOString() });
    await eventually(async () => hooks.length >= 3, 30_000);
    // Overall and rival series both spike: every delivery verifies with the standardwebhooks library; one is rival's.
    const receiver = new Webhook(SECRET);
    const events = hooks.map((h) => receiver.verify(h.body, h.headers as Record<string, string>) as { type: string; data: { label: string | null; link: string } });
    const event = events.find((e) => e.data.label === 'rival')!;
    expect(event).toBeDefined();
    expect(event.type).toBe('alert.raised');
    expect(event.data.link).toMatch(/\/#\/alerts\?id=/);
    expect(() => new Webhook(`whsec_${Buffer.from('another-secret-0123456789').toString('base64')}`).verify(hooks[0]!.body, hooks[0]!.headers as Record<string, string>)).toThrow();
    expect(failNext).toBe(0);
  }, 60_000);
});
