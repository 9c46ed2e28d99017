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
