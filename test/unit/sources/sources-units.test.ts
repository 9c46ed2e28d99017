import { describe, expect, it } from 'vitest';
import { itemFingerprint } from '../../../src/domain/feedback/fingerprint.ts';
import { parseLinkHeader } from '../../../src/domain/sources/connectors/conditional-get.ts';
import { headersSchema, resolveHeaders } from '../../../src/domain/sources/connectors/secret-headers.ts';
import { keywordFilter } from '../../../src/domain/sources/keyword-filter.ts';
import { mapPushBody } from '../../../src/domain/sources/push-items.ts';
import { itemsLast24h, statsHourKey } from '../../../src/domain/sources/source.repository.ts';
import { isValidWebhookSecret } from '../../../config/destinations.ts';
import { decryptSecret, encryptSecret, generateWebhookSecret, signWebhook, verifyWebhook } from '../../../src/domain/sources/webhook-signature.ts';
import { backoffDelay, parseRetryAfter } from '../../../src/infra/http/http-client.ts';
import { isPrivateAddress } from '../../../src/infra/http/ssrf-guard.ts';

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '224.0.0.1', '198.18.0.1'])(
    '%s is private',
    (a) => expect(isPrivateAddress(a)).toBe(true),
  );
  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (a) => expect(isPrivateAddress(a)).toBe(false));
  it('treats anything that is not an IP as refused', () => expect(isPrivateAddress('example.com')).toBe(true));
});

describe('politeness helpers', () => {
  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 1)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
  it('backs off exponentially with jitter between half and all of the ceiling', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
  it('reads RFC 8288 Link headers', () => {
    const links = parseLinkHeader('<https://m.example/api/v1/timelines/tag/x?max_id=1>; rel="next", </api/v1/timelines/tag/x?min_id=9>; rel="prev"', 'https://m.example/a');
    expect(links).toEqual({ next: 'https://m.example/api/v1/timelines/tag/x?max_id=1', prev: 'https://m.example/api/v1/timelines/tag/x?min_id=9' });
  });
});

describe('keyword lists', () => {
  const f = keywordFilter(['apple', 'iphone', 'app store'], ['apple pie', 'crumble', 'orchard']);
  it('keeps the brand and drops the fruit', () => {
    expect(f.accepts('My iPhone keeps restarting')).toBe(true);
    expect(f.accepts('Apple support was helpful')).toBe(true);
    expect(f.accepts('Baked an apple pie with grandma')).toBe(false);
    expect(f.accepts('Picked apples at the orchard')).toBe(false);
    expect(f.accepts('Pineapple smoothie')).toBe(false);
    expect(f.accepts('Nothing relevant')).toBe(false);
    expect(f.accepts('The App  Store review was slow')).toBe(true);
  });
  it('passes everything without lists, and ignores accents and case', () => {
    expect(keywordFilter().accepts('anything')).toBe(true);
    expect(keywordFilter(['café']).accepts('Best CAFE in town')).toBe(true);
  });
});

describe('text fingerprints', () => {
  const textFingerprint = (text: string) => itemFingerprint({ text, label: 'acme', kind: 'mention', authorHash: null });
  it('match cross-posts that differ in links, mentions, case and punctuation', () => {
    const a = textFingerprint('@AcmeCoffee my order #4411 arrived damaged, can you send a replacement please? https://t.co/x');
    const b = textFingerprint('RT @jess: @acmecoffee@mastodon.social My order #4411 arrived DAMAGED — can you send a replacement please!!');
    expect(a).not.toBeNull();
    expect(a).toBe(b);
    expect(textFingerprint('my order #4412 arrived damaged, can you send a replacement please?')).not.toBe(a);
  });
  it('skips texts too short to tell apart', () => expect(textFingerprint('Love it!')).toBeNull());
});

describe('webhook signatures (Standard Webhooks)', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = Buffer.from('{"test": 2432232314}');
  it('matches the scheme’s published example', () => {
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
  it('verifies, and rejects missing, wrong, stale and future signatures', () => {
    const now = 1614265330;
    const sig = signWebhook(secret, 'msg_1', now, body);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(now), signature: `v1,bogus ${sig}` }, body, now)).toEqual({ ok: true });
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(now) }, body, now).ok).toBe(false);
    expect(verifyWebhook(secret, { id: 'msg_2', timestamp: String(now), signature: sig }, body, now).ok).toBe(false);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(now), signature: sig }, Buffer.from('{"test": 1}'), now).ok).toBe(false);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(now), signature: sig }, body, now + 301).ok).toBe(false);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: String(now), signature: sig }, body, now - 301).ok).toBe(false);
  });
  it('stores secrets encrypted, readable only with the key', () => {
    const made = generateWebhookSecret();
    expect(isValidWebhookSecret(made)).toBe(true);
    const box = encryptSecret(made, 'k'.repeat(32));
    expect(JSON.stringify(box)).not.toContain(made.slice(6));
    expect(decryptSecret(box, 'k'.repeat(32))).toBe(made);
    expect(() => decryptSecret(box, 'j'.repeat(32))).toThrow();
  });
});

describe('secret headers', () => {
  it('stores references, resolves them from named secrets, and refuses credentials in clear', () => {
    const headers = headersSchema.parse({ Authorization: 'Bearer ${ACME_TOKEN}', 'X-Client': 'earshot' });
    expect(resolveHeaders(headers, { ACME_TOKEN: 't0k' })).toEqual({ Authorization: 'Bearer t0k', 'X-Client': 'earshot' });
    expect(() => resolveHeaders(headers, {})).toThrow(/EARSHOT_SECRET_ACME_TOKEN/);
    expect(headersSchema.safeParse({ Authorization: 'Bearer abc123' }).success).toBe(false);
    expect(headersSchema.safeParse({ 'X-Api-Key': 'abc123' }).success).toBe(false);
  });
});

describe('source health and push mapping', () => {
  it('counts items received in the last 24 hours from hourly counts', () => {
    const now = new Date('2026-11-25T10:30:00Z');
    const receivedByHour = { [statsHourKey(now)]: 3, [statsHourKey(new Date('2026-11-24T11:10:00Z'))]: 4, [statsHourKey(new Date('2026-11-24T10:10:00Z'))]: 50 };
    expect(itemsLast24h({ stats: { received: 57, excluded: 0, invalid: 0, receivedByHour } }, now)).toBe(7);
  });
  it('maps a survey tool body by the source’s fields', () => {
    const items = mapPushBody(
      { event: 'response', responses: [{ rid: 'r1', answers: { comment: 'Great', score: '9' }, at: '2026-11-24T10:00:00Z' }, { answers: { comment: 'Slow' } }] },
      { itemsPath: 'responses', fields: { id: 'rid', text: 'answers.comment', nps: 'answers.score', publishedAt: 'at' } },
      'msg_9',
    );
    expect(items).toMatchObject([
      { externalId: 'r1', text: 'Great', nps: 9 },
      { externalId: 'msg_9-1', text: 'Slow' },
    ]);
    expect(mapPushBody({ a: 1 }, { itemsPath: 'responses', fields: { text: 'text' } }, 'm')).toBeNull();
  });
});
