import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/load-config.ts';
import { alertTargets, digestTargets } from '../../../src/domain/alerts/destinations/route-destinations.ts';
import type { Destination } from '../../../config/destinations.ts';

const SECRET = `whsec_${Buffer.from('unit-test-secret-0123456789abcd').toString('base64')}`;

const fails = (env: Record<string, string>, pattern: RegExp) => {
  expect(() => loadConfig({ NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true', ...env })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true', ...env })).toThrow(pattern);
};

describe('delivery configuration', () => {
  it('reads routes, per-role recipients and SMTP', () => {
    const c = loadConfig({
      NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true',
      EARSHOT_WEBHOOK_SECRET: SECRET,
      EARSHOT_ALERT_WEBHOOKS: 'https://ops.example.com/hook',
      EARSHOT_ALERT_ROUTES: '[{"format":"slack","url":"https://hooks.slack.com/services/T/B/x","labels":["acme"]},{"format":"email","to":["a@acme.test"]}]',
      EARSHOT_DIGEST_ROUTES: '[{"format":"teams","url":"https://example.webhook.office.com/x"}]',
      EARSHOT_DIGEST_EMAIL_EXECUTIVE: 'ceo@acme.test, cfo@acme.test',
      EARSHOT_SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      EARSHOT_MAIL_FROM: 'Earshot <earshot@example.com>',
      EARSHOT_PUBLIC_URL: 'https://earshot.example.com/',
    });
    expect(c.alerts.destinations).toEqual([
      { format: 'webhook', url: 'https://ops.example.com/hook' },
      { format: 'slack', url: 'https://hooks.slack.com/services/T/B/x', labels: ['acme'] },
      { format: 'email', to: ['a@acme.test'] },
    ]);
    expect(c.digests.destinations).toEqual([{ format: 'teams', url: 'https://example.webhook.office.com/x' }]);
    expect(c.digests.emails).toEqual({ executive: ['ceo@acme.test', 'cfo@acme.test'], marketing: [], support: [] });
    expect(c.mail).toEqual({ smtpUrl: 'smtps://user:pass@mail.example.com:465', from: 'Earshot <earshot@example.com>' });
    expect(c.api.publicUrl).toBe('https://earshot.example.com');
    expect(loadConfig({ NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true' }).api.publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true' }).mail).toBeNull();
  });

  it('names the variable and the entry of every bad value', () => {
    fails({ EARSHOT_WEBHOOK_SECRET: 'a-plain-secret-0123456789' }, /EARSHOT_WEBHOOK_SECRET: must be a Standard Webhooks secret/);
    fails({ EARSHOT_ALERT_ROUTES: '{"format":"slack"' }, /EARSHOT_ALERT_ROUTES: must be a JSON array/);
    fails({ EARSHOT_ALERT_ROUTES: '[{"format":"slack","url":"ftp://x.example.com"}]' }, /EARSHOT_ALERT_ROUTES\.0\.url: must be an http\(s\) URL/);
    fails({ EARSHOT_ALERT_ROUTES: '[{"format":"pager","url":"https://x.example.com"}]' }, /EARSHOT_ALERT_ROUTES\.0\.format/);
    fails({ EARSHOT_ALERT_ROUTES: '[{"format":"email","to":["not-an-address"]}]' }, /EARSHOT_ALERT_ROUTES\.0\.to\.0: must be an e-mail address/);
    fails({ EARSHOT_ALERT_ROUTES: '[{"format":"slack","url":"https://x.example.com","labels":[]}]' }, /EARSHOT_ALERT_ROUTES\.0\.labels/);
    fails({ EARSHOT_DIGEST_ROUTES: '[{"format":"slack","url":"https://x.example.com","labels":["acme"]}]' }, /EARSHOT_DIGEST_ROUTES\.0: digest routes are/);
    fails({ EARSHOT_DIGEST_EMAIL_SUPPORT: 'support@acme.test,nope' }, /EARSHOT_DIGEST_EMAIL_SUPPORT\.1: each must be an e-mail address/);
    fails({ EARSHOT_DIGEST_EMAIL_SUPPORT: 'support@acme.test' }, /EARSHOT_SMTP_URL: required when digest or alert e-mail recipients are set/);
    fails({ EARSHOT_SMTP_URL: 'smtp://mail.example.com' }, /EARSHOT_MAIL_FROM: required with EARSHOT_SMTP_URL/);
    fails({ EARSHOT_SMTP_URL: 'http://mail.example.com' }, /EARSHOT_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    fails({ EARSHOT_ALERT_ROUTES: '[{"format":"webhook","url":"https://x.example.com"}]' }, /EARSHOT_WEBHOOK_SECRET: required/);
    // Slack and Teams need no signing secret.
    expect(() => loadConfig({ NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_ALERT_ROUTES: '[{"format":"slack","url":"https://x.example.com"}]' })).not.toThrow();
  });
});

describe('routing', () => {
  const routes: Destination[] = [
    { format: 'webhook', url: 'https://ops.example.com' },
    { format: 'slack', url: 'https://slack.example.com/acme', labels: ['acme'] },
    { format: 'slack', url: 'https://slack.example.com/acme', labels: ['acme', 'rival'] },
    { format: 'teams', url: 'https://teams.example.com/rival', labels: ['rival'] },
    { format: 'email', to: ['Team@acme.test'], labels: ['acme'] },
    { format: 'email', to: ['team@acme.test', 'boss@acme.test'] },
  ];

  it("sends a brand's alert to its own destinations and the unlabelled ones, each once", () => {
    expect(alertTargets('acme', routes)).toEqual({
      webhooks: [
        { format: 'webhook', url: 'https://ops.example.com' },
        { format: 'slack', url: 'https://slack.example.com/acme', labels: ['acme', 'rival'] },
      ],
      emails: ['team@acme.test', 'boss@acme.test'],
    });
    expect(alertTargets('rival', routes).webhooks.map((w) => w.format)).toEqual(['webhook', 'slack', 'teams']);
    // An all-brands alert goes only where no labels narrow the route.
    expect(alertTargets(null, routes)).toEqual({ webhooks: [{ format: 'webhook', url: 'https://ops.example.com' }], emails: ['team@acme.test', 'boss@acme.test'] });
    expect(alertTargets('other', [])).toEqual({ webhooks: [], emails: [] });
  });

  it('gives an address under several roles one digest with all of them', () => {
    const t = digestTargets([], { executive: ['CEO@acme.test'], marketing: ['m@acme.test', 'ceo@acme.test'], support: ['s@acme.test'] });
    expect(t.emails).toEqual([
      { to: 'ceo@acme.test', roles: ['executive', 'marketing'] },
      { to: 'm@acme.test', roles: ['marketing'] },
      { to: 's@acme.test', roles: ['support'] },
    ]);
  });
});
