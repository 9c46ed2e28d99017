import { describe, expect, it } from 'vitest';
import { prepareItem } from '../../../src/domain/feedback/prepare-item.ts';
import { privateExternalId } from '../../../src/domain/privacy/private-external-id.ts';
import { redactUrl } from '../../../src/domain/privacy/redact-url.ts';

const SALT = 'test-salt-0123456789';

describe('redactUrl', () => {
  it('returns a link without contact details byte for byte, record ids included', () => {
    for (const url of ['https://example.com', 'https://x.com/acme/status/1734567890123456789', 'https://shop.example/orders/100234556?page=2&sort=new#reviews']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
  it('redacts query values, path segments and fragments that carry contact details', () => {
    expect(redactUrl('https://a.example/r?email=jane%40example.com&id=42')).toBe('https://a.example/r?email=%5Bemail%5D&id=42');
    expect(redactUrl('https://a.example/r?phone=0612345678&order=0612345678')).toBe('https://a.example/r?phone=%5Bphone%5D&order=0612345678');
    expect(redactUrl('https://a.example/u/jane.doe@example.com/reviews')).toBe('https://a.example/u/[email]/reviews');
    expect(redactUrl('https://a.example/p#+33 6 12 34 56 78')).toBe('https://a.example/p#[phone]');
    expect(redactUrl('https://wa.me/33612345678')).toBe('https://wa.me/[phone]');
  });
  it('drops credentials and reduces contact schemes to their placeholder', () => {
    expect(redactUrl('https://jane:secret@a.example/x')).toBe('https://a.example/x');
    expect(redactUrl('mailto:jane@example.com?subject=hi')).toBe('mailto:[email]');
    expect(redactUrl('tel:+33612345678')).toBe('tel:[phone]');
  });
});

describe('privateExternalId', () => {
  it('keeps ordinary ids, numeric ones included', () => {
    for (const id of ['r-1', '1734567890123456789', 'https://example.com/reviews/42', 'b2c1e6f0-8f7a-4a55-9d0c-2f3b8f1e1a77']) {
      expect(privateExternalId(id, SALT)).toBe(id);
    }
  });
  it('replaces an id carrying contact details by a stable keyed hash', () => {
    for (const id of ['reply-jane@example.com', 'https://a.example/r?email=jane%40example.com', 'wa-+33612345678', 'jane%40example.com']) {
      const key = privateExternalId(id, SALT);
      expect(key).toMatch(/^p-[0-9a-f]{32}$/);
      expect(privateExternalId(id, SALT)).toBe(key);
      expect(privateExternalId(id, 'another-salt-0123456789')).not.toBe(key);
    }
  });
});

describe('prepareItem', () => {
  it('redacts every free-text field and lets the meta key say what a number is', () => {
    const item = prepareItem(
      {
        externalId: 'reply-jane@example.com',
        text: 'Call me on +٩٧١٥٠١٢٣٤٥٦٧ or write to josé.garcía@exämple.com',
        author: 'jane@example.com',
        url: 'https://a.example/r/1?email=jane%40example.com',
        meta: { phone: '0612345678', orderId: '0612345678', appVersion: '10.0.19045.3570', note: 'IBAN GB82 WEST 1234 5698 7654 32' },
      },
      SALT,
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(item.externalId).toBe(privateExternalId('reply-jane@example.com', SALT));
    expect(item.text).toBe('Call me on [phone] or write to [email]');
    expect(item.url).toBe('https://a.example/r/1?email=%5Bemail%5D');
    expect(item.meta).toEqual({ phone: '[phone]', orderId: '0612345678', appVersion: '10.0.19045.3570', note: 'IBAN [iban]' });
    expect(JSON.stringify(item)).not.toMatch(/jane|garc|971/);
  });
});
