/**
 * The weekly digest reaches people: built by the real job, e-mailed over SMTP to a real local
 * server (one message per address with its roles' sections, PNG charts as inline CID images, a
 * plain-text part with the headline numbers, a link to the web app), and posted to a Standard
 * Webhooks receiver, Slack and Teams in their own formats.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { PNG } from 'pngjs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { startHookSink, startSmtpSink, type HookSink, type SmtpSink } from '../../support/receivers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { cls, storeItems, type FixtureItem } from '../analytics/analytics-fixtures.ts';

const DAY = 86_400_000;
const W41 = Date.UTC(2026, 9, 5);
const W42 = Date.UTC(2026, 9, 12);
const SECRET = `whsec_${Buffer.from('digest-delivery-test-secret-0123').toString('base64')}`;
const PUBLIC_URL = 'https://earshot.example.com';

/** W41: 4 satisfied, 2 complaints (6). W42: 6 advocates, 3 complaints, 1 satisfied (10); rival 2 neutral in W42. */
function fixture(): FixtureItem[] {
  const items: FixtureItem[] = [];
  const add = (n: number, week: number, f: () => Omit<FixtureItem, 'at'>) => {
    for (let i = 0; i < n; i++) items.push({ ...f(), at: new Date(week + (items.length % 7) * DAY + 10 * 3_600_000 + i * 60_000) });
  };
  add(4, W41, () => ({ text: 'Lovely latte and quick service', classification: cls('satisfaction'), rating: 5 }));
  add(2, W41, () => ({ text: 'Prices went up again, too expensive', classification: cls('complaint'), rating: 1 }));
  add(6, W42, () => ({ text: 'The baristas are wonderful, I recommend it to everyone', classification: cls('advocacy'), nps: 10 }));
  add(3, W42, () => ({ text: 'Mobile order checkout keeps failing, refund me', classification: cls('complaint'), nps: 2 }));
  add(1, W42, () => ({ text: 'Good coffee and a comfy place to work', classification: cls('satisfaction'), rating: 4 }));
  add(2, W42, () => ({ label: 'rival', text: 'Rival has a loyalty app now', classification: cls('neutral') }));
  return items;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('digest delivery', () => {
  let env: TestEnv;
  let smtp: SmtpSink;
  let sink: HookSink;
  let workers: RunningWorkers | undefined;
  const mails = new Map<string, ParsedMail>();

  beforeAll(async () => {
    smtp = await startSmtpSink();
    sink = await startHookSink();
    env = await startTestEnv('delivery_digest', {
      EARSHOT_SMTP_URL: smtp.url,
      EARSHOT_MAIL_FROM: 'Earshot <digest@earshot.example.com>',
      EARSHOT_PUBLIC_URL: PUBLIC_URL,
      EARSHOT_DIGEST_EMAIL_EXECUTIVE: 'ceo@acme.test',
      EARSHOT_DIGEST_EMAIL_MARKETING: 'marketing@acme.test,both@acme.test',
      EARSHOT_DIGEST_EMAIL_SUPPORT: 'support@acme.test,Both@acme.test',
      EARSHOT_WEBHOOK_SECRET: SECRET,
      EARSHOT_DIGEST_ROUTES: JSON.stringify([
        { format: 'webhook', url: `${sink.url}/events` },
        { format: 'slack', url: `${sink.url}/slack` },
        { format: 'teams', url: `${sink.url}/teams` },
      ]),
    });
    await storeItems(env.container, fixture());
    workers = await startWorkers(env.container, testClassifier());
    // The first message is refused with a temporary error: the job's retry must get it through.
    smtp.failNext(1, 451);
    await env.container.queues.enqueue('build-digest', { week: '2026-W42' });
    await eventually(async () => smtp.messages.length >= 4 && sink.hooks.length >= 3, 60_000);
    for (const m of smtp.messages) mails.set(m.to.join(','), await simpleParser(m.raw, { keepCidLinks: true }));
  }, 120_000);

  afterAll(async () => {
    await workers?.close();
    await env?.teardown();
    await smtp?.close();
    await sink?.close();
  });

  it('sends one message per address, from the configured sender', () => {
    expect([...mails.keys()].sort()).toEqual(['both@acme.test', 'ceo@acme.test', 'marketing@acme.test', 'support@acme.test']);
    for (const m of smtp.messages) expect(m.from).toBe('digest@earshot.example.com');
  });

  it('retries a message the SMTP server refused for now (451)', async () => {
    const done = await env.container.queues.byName.analytics.getJobs(['completed']);
    const emails = done.filter((j) => j.name === 'email-digest');
    expect(emails).toHaveLength(4);
    expect(emails.filter((j) => j.attemptsMade > 1)).toHaveLength(1);
  });

  it('fails a message the SMTP server refuses for good (550) without retrying', async () => {
    const analytics = env.container.queues.byName.analytics;
    smtp.failNext(1, 550);
    await env.container.queues.enqueue('email-digest', { week: '2026-W42', to: 'gone@acme.test', roles: ['executive'] }, { jobId: 'refused-once' });
    const job = await eventually(async () => {
      const failed = await analytics.getJobs(['failed']);
      return failed.find((j) => j.id === 'refused-once');
    }, 30_000);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/550/);
  });

  it('writes the headline into the subject', () => {
    const mail = mails.get('marketing@acme.test')!;
    expect(mail.from?.text).toContain('digest@earshot.example.com');
    expect(mail.subject).toBe('Earshot weekly digest 2026-W42: 12 mentions (+100%), net sentiment 33.3');
  });

  it('puts the charts in as PNG images referenced by cid, which decode at twice their shown size', () => {
    const mail = mails.get('marketing@acme.test')!;
    const html = mail.html as string;
    expect(html).not.toContain('<svg');
    const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cids).toHaveLength(3); // mentions, net sentiment, share of voice
    const images = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => a.cid).sort()).toEqual([...cids].sort());
    for (const img of images) {
      expect(img.content.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const png = PNG.sync.read(img.content);
      const tag = new RegExp(`src="cid:${img.cid!.replace(/[.@]/g, '\\$&')}" width="(\\d+)" height="(\\d+)"`).exec(html)!;
      expect(png.width).toBe(2 * Number(tag[1]));
      expect(png.height).toBe(2 * Number(tag[2]));
      // Something is drawn: not every pixel is the white background.
      let inked = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200) inked++;
      expect(inked).toBeGreaterThan(50);
    }
    const mentions = PNG.sync.read(images.find((a) => a.cid!.startsWith('mentions.'))!.content);
    expect([mentions.width, mentions.height]).toEqual([640, 240]);
  });

  it('gives each role its sections, and an address under two roles one message with both', () => {
    const html = (to: string) => mails.get(to)!.html as string;
    expect(html('ceo@acme.test')).toContain('Executive summary');
    expect(html('ceo@acme.test')).not.toContain('Marketing: buzz');
    expect(html('ceo@acme.test')).not.toContain('Support: complaints');
    expect(mails.get('ceo@acme.test')!.attachments).toHaveLength(0);
    expect(html('marketing@acme.test')).toContain('Marketing: buzz');
    expect(html('marketing@acme.test')).not.toContain('Support: complaints');
    expect(html('support@acme.test')).toContain('Support: complaints');
    expect(html('support@acme.test')).not.toContain('Marketing: buzz');
    expect(mails.get('support@acme.test')!.attachments.map((a) => a.cid)).toEqual(['complaints.2026-W42@earshot']);
    expect(html('both@acme.test')).toContain('Marketing: buzz');
    expect(html('both@acme.test')).toContain('Support: complaints');
    expect(mails.get('both@acme.test')!.attachments).toHaveLength(4);
  });

  it('carries the headline numbers in the plain-text part and links to the digest in the web app', () => {
    for (const mail of mails.values()) {
      const text = mail.text!;
      expect(text).toContain('Mentions: 12 (+100%)');
      expect(text).toContain('Complaints: 3 (+50%), advocacy: 6 (n/a)');
      expect(text).toContain(`${PUBLIC_URL}/#/digest?week=2026-W42`);
      expect(mail.html).toContain(`href="${PUBLIC_URL}/#/digest?week=2026-W42"`);
    }
  });

  it('posts a verifiable Standard Webhooks event, Slack Block Kit and a Teams Adaptive Card', () => {
    const by = (path: string) => sink.hooks.find((h) => h.path === path)!;
    const event = new Webhook(SECRET).verify(by('/events').body, by('/events').headers as Record<string, string>) as { type: string; data: { week: string; link: string; digest: { headline: { volume: { value: number } } } } };
    expect(event.type).toBe('digest.published');
    expect(event.data.week).toBe('2026-W42');
    expect(event.data.digest.headline.volume.value).toBe(12);
    expect(event.data.link).toBe(`${PUBLIC_URL}/#/digest?week=2026-W42`);

    // Slack and Teams read unsigned bodies (their URLs are the secret).
    const slack = JSON.parse(by('/slack').body);
    expect(by('/slack').headers['webhook-signature']).toBeUndefined();
    expect(typeof slack.text).toBe('string');
    expect(slack.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(slack.blocks[0].text.type).toBe('plain_text');
    expect(slack.blocks[1].text.type).toBe('mrkdwn');
    expect(slack.blocks[1].text.text).toContain('Mentions: 12');
    expect(slack.blocks[3].elements[0]).toMatchObject({ type: 'button', url: `${PUBLIC_URL}/#/digest?week=2026-W42` });

    const teams = JSON.parse(by('/teams').body);
    expect(teams.type).toBe('message');
    expect(teams.attachments).toHaveLength(1);
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = teams.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Earshot weekly digest 2026-W42' });
    const facts = card.body.find((e: { type: string }) => e.type === 'FactSet').facts;
    expect(facts[0]).toEqual({ title: 'Mentions', value: '12 (+100%)' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the digest', url: `${PUBLIC_URL}/#/digest?week=2026-W42` }]);
  });
});
