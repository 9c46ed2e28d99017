import { describe, expect, it } from 'vitest';
import { enumerateBuckets, enumerateDays } from '../../../src/domain/trends/buckets.ts';
import { bucketsInParent, coverBuckets } from '../../../src/domain/trends/rollup-cover.ts';
import { bucketOf, periodOfBucket, rollupCollection, rollupKind, slotOfBucket } from '../../../src/domain/trends/rollup-keys.ts';

const days = (from: string, to: string) => enumerateDays(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
const hours = (from: string, to: string) => enumerateBuckets('hour', new Date(from), new Date(to)).map((b) => b.key);

/** Every hour key a cover stands for, to check it holds exactly the requested buckets. */
function expand(cover: ReturnType<typeof coverBuckets>): string[] {
  const monthDays = (cover.m ?? []).flatMap((m) => days(`${m}-01`, new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1)).toISOString().slice(0, 10)));
  const allDays = [...monthDays, ...(cover.d ?? [])];
  return [...allDays.flatMap((d) => Array.from({ length: 24 }, (_, h) => `${d}T${String(h).padStart(2, '0')}`)), ...(cover.h ?? [])].sort();
}

describe('rollup levels', () => {
  it('keys month buckets by year, one slot per month', () => {
    expect(periodOfBucket('m', '2026-11')).toBe('2026');
    expect(slotOfBucket('m', '2026-11')).toBe('11');
    expect(bucketOf('m', '2026', '11')).toBe('2026-11');
    expect(rollupCollection(rollupKind('m', 'core'), '2026', 'l:acme')).toBe('trend_m_2026_l');
    expect(rollupCollection(rollupKind('m', 'aspects'), '2026', 'all')).toBe('trend_ma_2026_all');
  });
  it('keeps the existing collections of hours, days and daily aspects', () => {
    expect(rollupCollection(rollupKind('h', 'core'), '2026-11-25', 'all')).toBe('trend_h_20261125_all');
    expect(rollupCollection(rollupKind('d', 'core'), '2026-11', 's:x:review')).toBe('trend_d_202611_s');
    expect(rollupCollection(rollupKind('d', 'aspects'), '2026-11', 'k:review')).toBe('trend_a_202611_k');
    expect(() => rollupKind('h', 'aspects')).toThrow();
  });
  it('counts the days of each month, leap years included', () => {
    expect(bucketsInParent('d', '2024-02')).toBe(29);
    expect(bucketsInParent('d', '2026-02')).toBe(28);
    expect(bucketsInParent('d', '2026-12')).toBe(31);
    expect(bucketsInParent('h', '2026-11-25')).toBe(24);
  });
});

describe('coverBuckets', () => {
  it('reads a year of days as whole months plus the partial edge months', () => {
    const cover = coverBuckets('d', days('2025-11-25', '2026-11-25'));
    expect(cover.m).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(cover.d).toEqual([...days('2025-11-25', '2025-12-01'), ...days('2026-11-01', '2026-11-25')]);
    expect(cover.h).toBeUndefined();
  });
  it('reads whole days of an hourly range from day slots', () => {
    const cover = coverBuckets('h', hours('2026-10-30T22:00:00Z', '2026-12-02T01:00:00Z'));
    expect(cover.h).toEqual(['2026-10-30T22', '2026-10-30T23', '2026-12-02T00']);
    expect(cover.d).toEqual(['2026-10-31', '2026-12-01']);
    expect(cover.m).toEqual(['2026-11']);
  });
  it('covers exactly the buckets asked for, whatever the range', () => {
    for (const [from, to] of [
      ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'],
      ['2024-02-28T05:00:00Z', '2024-03-01T00:00:00Z'],
      ['2025-12-31T23:00:00Z', '2026-01-01T01:00:00Z'],
      ['2026-03-15T10:00:00Z', '2026-03-15T11:00:00Z'],
      ['2025-06-30T12:00:00Z', '2026-08-01T00:00:00Z'],
    ]) {
      const keys = hours(from!, to!);
      expect(expand(coverBuckets('h', keys))).toEqual([...keys].sort());
      expect(coverBuckets('h', [...keys, ...keys])).toEqual(coverBuckets('h', keys));
    }
  });
  it('is empty for no buckets', () => {
    expect(coverBuckets('d', [])).toEqual({});
  });
});
