import { describe, expect, it } from 'vitest';
import { demoHistory, DEMO_STREAMS } from '../../../src/demo/demo-history.ts';
import { itemFingerprint } from '../../../src/domain/feedback/fingerprint.ts';

const NOW = new Date('2026-12-04T16:30:00Z'); // a Friday
const H = 3_600_000;

describe('demo history', () => {
  const h = demoHistory(NOW);

  it('covers eight full weeks before this one, and nothing after now', () => {
    expect(h.from.toISOString()).toBe('2026-10-05T00:00:00.000Z');
    expect(h.items.every((i) => i.publishedAt >= h.from && i.publishedAt < NOW)).toBe(true);
    expect(h.cases.every((c) => c.steps.every((s) => s.at < NOW))).toBe(true);
    expect(new Set(h.items.map((i) => i.stream))).toEqual(new Set(DEMO_STREAMS));
  });

  it('never repeats an id or a text (a repeated text would be stored as a duplicate)', () => {
    expect(new Set(h.items.map((i) => `${i.stream}|${i.externalId}`)).size).toBe(h.items.length);
    const prints = h.items.map((i) => itemFingerprint({ text: i.text, label: 'demo', kind: 'mention', authorHash: null })).filter((f) => f !== null);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('is the same history a day later, plus that day', () => {
    const later = demoHistory(new Date(NOW.getTime() + 24 * H));
    const byId = new Map(later.items.map((i) => [`${i.stream}|${i.externalId}`, i]));
    for (const i of h.items) expect(byId.get(`${i.stream}|${i.externalId}`)).toEqual(i);
    expect(later.items.length).toBeGreaterThan(h.items.length);
  });

  it('plants the spike on Wednesday of last week, 10:00–14:00 UTC', () => {
    expect(h.spike.from.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    const spiking = h.items.filter((i) => i.publishedAt >= h.spike.from && i.publishedAt < h.spike.to);
    expect(spiking.filter((i) => /checkout/i.test(i.text)).length).toBeGreaterThan(80);
  });

  it('has surveys with NPS and a rating, reviews with a rating', () => {
    const surveys = h.items.filter((i) => i.stream === 'acme-survey');
    expect(surveys.every((i) => i.nps !== undefined && i.rating !== undefined)).toBe(true);
    expect(h.items.filter((i) => i.stream === 'acme-reviews').every((i) => i.rating !== undefined)).toBe(true);
  });
});
