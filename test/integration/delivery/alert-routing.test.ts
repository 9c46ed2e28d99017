/**
 * Each brand's team gets its own alerts: a real detection job raises spikes for two brands and
 * the all-brands series, and the worker delivers each alert only to the destinations routed its
 * label — Slack, Teams, e-mail over a real SMTP server — while a destination without labels (a
 * Standard Webhooks receiver) gets them all.
 */
import { simpleParser } from 'mailparser';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { startHookSink, startSmtpSink, type HookSink, type SmtpSink } from '../../support/receivers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { cls, countOnly, storeItems, type FixtureItem } from '../analytics/analytics-fixtures.ts';

const H = 3_600_000;
const START = Date.UTC(2026, 9, 1);
const SPIKE = START + 3 * 24 * H + 10 * H;
const SECRET = `whsec_${Buffer.from('alert-routing-test-secret-012345').toString('base64')}`;
const PUBLIC_URL = 'https://earshot.example.com/';

function steady(label: string): FixtureItem[] {
  const out: FixtureItem[] = [];
  for (let t = START, h = 0; t < SPIKE; t += H, h++) {
    for (let i = 0; i < 3 + (h % 3); i++) out.push({ label, at: new Date(t + i * 60_000), text: 'nice coffee and friendly staff', classification: cls('satisfaction') });
  }
  return out;
}

const spike = (label: string): FixtureItem[] =>
  Array.from({ length: 40 }, (_, i) => ({ label, at: new Date(SPIKE + i * 60_000), text: `Checkout broken again, card charged twice (${i})`, classification: cls('complaint') }));

describe('alert routing per label and format', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let sink: HookSink;
  let workers: RunningWorkers | undefined;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    sink = await startHookSink();
    env = await startTestEnv('delivery_alerts', {
      EARSHOT_SMTP_URL: smtp.url,
      EARSHOT_MAIL_FROM: 'alerts@earshot.example.com',
      EARSHOT_PUBLIC_URL: PUBLIC_URL,
      EARSHOT_WEBHOOK_SECRET: SECRET,
      EARSHOT_ALERT_WEBHOOKS: `${sink.url}/ops`,
      EARSHOT_ALERT_ROUTES: JSON.stringify([
        { format: 'slack', url: `${sink.url}/acme-slack`, labels: ['acme'] },
        { format: 'teams', url: `${sink.url}/rival-teams`, labels: ['rival'] },
        { format: 'email', to: ['acme-support@acme.test', 'shared@acme.test'], labels: ['acme'] },
        { format: 'email', to: ['SHARED@acme.test'], labels: ['acme', 'rival'] },
      ]),
    });
    await countOnly(env.container, [...steady('acme'), ...steady('rival')]);
    await storeItems(env.container, [...spike('acme'), ...spike('rival')]);
    workers = await startWorkers(env.container, testClassifier());
    await env.container.queues.enqueue('detect-alerts', { at: new Date(SPIKE + 50 * 60_000).toISOString() });
  }, 120_000);

  afterAll(async () => {
    await workers?.close();
    await env?.teardown();
    await smtp?.close();
    await sink?.close();
  });

  it('sends every alert to the unlabelled webhook and each brand only to its team', async () => {
    const analytics = env.container.queues.byName.analytics;
    await eventually(async () => (await analytics.getJobs(['completed'])).some((j) => j.name === 'detect-alerts'), 30_000);
    const alerts = await env.container.analytics.alertRepo.list({ limit: 50 });
    const byLabel = (label: string | null) => alerts.filter((a) => a.label === label).length;
    expect(byLabel('acme')).toBeGreaterThan(0);
    expect(byLabel('rival')).toBeGreaterThan(0);
    expect(byLabel(null)).toBeGreaterThan(0);
    // shared@ is listed twice (for acme alerts) and once for rival: one message per alert each.
    const expectedMails = byLabel('acme') * 2 + byLabel('rival');
    await eventually(async () => sink.hooks.length >= alerts.length + byLabel('acme') + byLabel('rival') && smtp.messages.length >= expectedMails, 30_000);

    const path = (p: string) => sink.hooks.filter((h) => h.path === p);
    const receiver = new Webhook(SECRET);
    const ops = path('/ops').map((h) => receiver.verify(h.body, h.headers as Record<string, string>) as { data: { id: string; label: string | null } });
    expect(ops.map((e) => e.data.id).sort()).toEqual(alerts.map((a) => a._id).sort());

    const slack = path('/acme-slack').map((h) => JSON.parse(h.body));
    expect(slack).toHaveLength(byLabel('acme'));
    for (const body of slack) {
      expect(body.text).toContain('“acme”');
      expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
      expect(body.blocks[0].text.text.length).toBeLessThanOrEqual(150);
      for (const b of body.blocks.filter((x: { type: string }) => x.type === 'section')) {
        expect(b.text.type).toBe('mrkdwn');
        expect(b.text.text.length).toBeLessThanOrEqual(3000);
      }
      expect(body.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ type: 'button', url: expect.stringMatching(/^https:\/\/earshot\.example\.com\/#\/alerts\?id=/) }] });
    }

    const teams = path('/rival-teams').map((h) => JSON.parse(h.body));
    expect(teams).toHaveLength(byLabel('rival'));
    for (const body of teams) {
      const card = body.attachments[0].content;
      expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(card.type).toBe('AdaptiveCard');
      expect(card.body[0].text).toContain('“rival”');
      expect(card.body[1].type).toBe('FactSet');
      expect(card.actions[0].type).toBe('Action.OpenUrl');
    }

    const mails = await Promise.all(smtp.messages.map(async (m) => ({ to: m.to.join(','), parsed: await simpleParser(m.raw) })));
    expect(mails).toHaveLength(expectedMails);
    expect(mails.filter((m) => m.to === 'acme-support@acme.test').length).toBe(byLabel('acme'));
    expect(mails.filter((m) => m.to === 'shared@acme.test').length).toBe(byLabel('acme') + byLabel('rival'));
    for (const { to, parsed } of mails) {
      if (to === 'acme-support@acme.test') expect(parsed.subject).toContain('“acme”');
      expect(parsed.subject).toMatch(/^\[Earshot\] (WARNING|HIGH|CRITICAL): /);
      expect(parsed.text).toMatch(/Figures: \d+/);
      expect(parsed.text).toContain('https://earshot.example.com/#/alerts?id=');
    }
  }, 60_000);
});
