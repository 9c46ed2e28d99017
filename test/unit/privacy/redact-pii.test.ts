import { describe, expect, it } from 'vitest';
import { redactPii } from '../../../src/domain/privacy/redact-pii.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';

describe('redactPii', () => {
  it('redacts e-mail addresses', () => {
    expect(redactPii('write to jane.doe+shop@example.co.uk today')).toBe('write to [email] today');
  });
  it('redacts Luhn-valid card numbers, grouped or not', () => {
    expect(redactPii('card 4111 1111 1111 1111 was charged')).toBe('card [card] was charged');
    expect(redactPii('card 4111-1111-1111-1111')).toBe('card [card]');
    expect(redactPii('card 4012888888881881')).toBe('card [card]');
  });
  it('redacts phone numbers in common formats', () => {
    expect(redactPii('call me on +44 20 7946 0958 please')).toBe('call me on [phone] please');
    expect(redactPii('ring (555) 123-4567 now')).toBe('ring [phone] now');
    expect(redactPii('my number is 07700 900123')).toBe('my number is [phone]');
  });
  it('redacts IBANs whole, before their digits can read as a phone', () => {
    expect(redactPii('pay to GB82 WEST 1234 5698 7654 32 thanks')).toBe('pay to [iban] thanks');
    expect(redactPii('DE89370400440532013000.')).toBe('[iban].');
    expect(redactPii('code GB00 WEST 1234 5698 7654 32')).toBe('code GB00 WEST 1234 5698 7654 32'); // checksum fails
  });
  it('matches digits of any script and full-width forms, and keeps the rest as written', () => {
    expect(redactPii('رقمي +٩٧١٥٠١٢٣٤٥٦٧ شكرا')).toBe('رقمي [phone] شكرا');
    expect(redactPii('電話：０９０−１２３４−５６７８です')).toBe('電話：[phone]です');
    expect(redactPii('ｍａｉｌ：ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ！')).toBe('ｍａｉｌ：[email]！');
    expect(redactPii('café — 𝟘𝟞𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠 — thé')).toBe('café — [phone] — thé');
  });
  it('reads spelled-out addresses only with a second sign that they are one', () => {
    expect(redactPii('mary dot smith at gmail dot com')).toBe('[email]');
    expect(redactPii('write to john [at] example [dot] com')).toBe('write to [email]');
    expect(redactPii('e-mail: john at example dot com')).toBe('e-mail: [email]');
    expect(redactPii('we stayed at hotel dot com')).toBe('we stayed at hotel dot com');
    expect(redactPii('look at the dot in the middle')).toBe('look at the dot in the middle');
  });
  it('is idempotent', () => {
    const once = redactPii('mail o\'brien@example.ie, call 1-800-555-0199, card 4111_1111_1111_1111');
    expect(once).toBe('mail [email], call [phone], card [card]');
    expect(redactPii(once)).toBe(once);
  });
  it('stays linear on long adversarial input', () => {
    const inputs = ['a'.repeat(20_000) + '@', '1 '.repeat(10_000), 'x.'.repeat(10_000) + '@b', ' at '.repeat(5_000), '+1-'.repeat(7_000), 'GB82'.repeat(5_000)];
    for (const input of inputs) {
      const started = performance.now();
      redactPii(input);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
  it('keeps order numbers, prices, times and dates', () => {
    const text = 'order #4411 cost $25.99 at 10:30 on 2024-05-01, waited 3 hours';
    expect(redactPii(text)).toBe(text);
  });
});

describe('hashAuthor', () => {
  it('is stable, salted and case/at-sign insensitive', () => {
    const a = hashAuthor('@Jane_Doe', 'salt-one-0123456789');
    expect(a).toBe(hashAuthor('jane_doe', 'salt-one-0123456789'));
    expect(a).not.toBe(hashAuthor('jane_doe', 'salt-two-0123456789'));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toContain('jane');
  });
  it('returns null without an author', () => {
    expect(hashAuthor(undefined, 's')).toBeNull();
    expect(hashAuthor('  ', 's')).toBeNull();
  });
});
