import { describe, expect, it } from 'vitest';
import { bucketStart, dayKey, enumerateBuckets, hourKey, isoWeekKey, rangeBuckets } from '../../../src/domain/trends/buckets.ts';
import { itemIncrements } from '../../../src/domain/trends/counter-metrics.ts';
import type { Classification } from '../../../src/domain/classification/classification.types.ts';

describe('range buckets', () => {
  it('clips edge weeks to the range and marks them partial', () => {
    const buckets = rangeBuckets('week', new Date('2026-11-25T00:00:00Z'), new Date('2026-12-09T00:00:00Z'));
    expect(buckets.map((b) => [b.key, b.start.toISOString().slice(0, 10), b.end.toISOString().slice(0, 10), b.partial])).toEqual([
      ['2026-W48', '2026-11-25', '2026-11-30', true],
      ['2026-W49', '2026-11-30', '2026-12-07', false],
      ['2026-W50', '2026-12-07', '2026-12-09', true],
    ]);
  });
  it('counts whole storage units: a mid-day edge takes the whole day, a mid-hour edge the whole hour', () => {
    const [day] = rangeBuckets('day', new Date('2026-11-25T10:00:00Z'), new Date('2026-11-25T11:00:00Z'));
    expect([day!.start.toISOString(), day!.end.toISOString(), day!.partial]).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z', false]);
    const hours = rangeBuckets('hour', new Date('2026-11-25T10:30:00Z'), new Date('2026-11-25T12:10:00Z'));
    expect(hours.map((h) => [h.key, h.partial])).toEqual([
      ['2026-11-25T10', false],
      ['2026-11-25T11', false],
      ['2026-11-25T12', false],
    ]);
  });
});

describe('bucket keys', () => {
  it('formats UTC hour and day keys', () => {
    const d = new Date('2026-03-01T23:59:59.999Z');
    expect(hourKey(d)).toBe('2026-03-01T23');
    expect(dayKey(d)).toBe('2026-03-01');
  });
  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeekKey(new Date('2026-01-01T12:00:00Z'))).toBe('2026-W01');
    expect(isoWeekKey(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(isoWeekKey(new Date('2026-11-25T10:00:00Z'))).toBe('2026-W48');
  });
  it('starts weeks on Monday', () => {
    expect(bucketStart('week', new Date('2026-11-29T22:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
  it('enumerates every bucket, empty ones included', () => {
    const buckets = enumerateBuckets('hour', new Date('2026-11-25T10:30:00Z'), new Date('2026-11-25T13:00:00Z'));
    expect(buckets.map((b) => b.key)).toEqual(['2026-11-25T10', '2026-11-25T11', '2026-11-25T12']);
    expect(enumerateBuckets('day', new Date('2026-02-27T00:00:00Z'), new Date('2026-03-02T00:00:00Z')).map((b) => b.key)).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });
});

describe('itemIncrements', () => {
  const base: Classification = {
    category: 'complaint',
    sentiment: { score: -3, comparative: -0.5, label: 'negative' },
    satisfaction: 'dissatisfied',
    complaint: { intent: 'non-instrumental', blame: 'reflexive' },
    advocacy: false,
    aspects: ['people', 'physical-environment'],
    language: 'en',
    confidence: 0.9,
    cues: [],
  };
  it('flattens every metric into a top-level field', () => {
    expect(itemIncrements({ classification: base, rating: 5, nps: 3, reach: 4 })).toEqual({
      n: 1,
      cat_complaint: 1,
      sent_sum: -0.5,
      sent_n: 1,
      sent_negative: 1,
      sat_dissatisfied: 1,
      cmp_non_instrumental: 1,
      cmp_reflexive: 1,
      cmp_non_instrumental_reflexive: 1,
      asp_people: 1,
      asp_people_neg: 1,
      asp_people_cmp: 1,
      asp_people_nps_n: 1,
      asp_people_nps_det: 1,
      asp_physical_environment: 1,
      asp_physical_environment_neg: 1,
      asp_physical_environment_cmp: 1,
      asp_physical_environment_nps_n: 1,
      asp_physical_environment_nps_det: 1,
      rating_sum: 5,
      rating_n: 1,
      rating_csat: 1,
      nps_n: 1,
      nps_sum: 3,
      nps_detractors: 1,
      reach: 5,
    });
  });
});
