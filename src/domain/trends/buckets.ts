/**
 * UTC bucket keys stored on documents at write time: our test store has no date operators,
 * and equality on a key is what both stores index best.
 */

export const INTERVALS = ['hour', 'day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function hourKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}`;
}

export function dayKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function monthKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** ISO-8601 week, e.g. `2026-W48` (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${pad(week)}`;
}

export function bucketKey(interval: Interval, d: Date): string {
  return interval === 'hour' ? hourKey(d) : interval === 'day' ? dayKey(d) : isoWeekKey(d);
}

/** Start of the bucket that contains `d`. */
export function bucketStart(interval: Interval, d: Date): Date {
  const t = new Date(d.getTime());
  t.setUTCMinutes(0, 0, 0);
  if (interval === 'hour') return t;
  t.setUTCHours(0);
  if (interval === 'day') return t;
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() - (weekday - 1));
  return t;
}

export function nextBucket(interval: Interval, d: Date): Date {
  const t = new Date(d.getTime());
  if (interval === 'hour') t.setUTCHours(t.getUTCHours() + 1);
  else t.setUTCDate(t.getUTCDate() + (interval === 'day' ? 1 : 7));
  return t;
}

/** Every bucket overlapping [from, to), oldest first, with its key and start. */
export function enumerateBuckets(interval: Interval, from: Date, to: Date): Array<{ key: string; start: Date }> {
  const out: Array<{ key: string; start: Date }> = [];
  for (let t = bucketStart(interval, from); t.getTime() < to.getTime(); t = nextBucket(interval, t)) {
    out.push({ key: bucketKey(interval, t), start: t });
  }
  return out;
}

/** Every day key overlapping [from, to). */
export function enumerateDays(from: Date, to: Date): string[] {
  return enumerateBuckets('day', from, to).map((b) => b.key);
}

/** A bucket of a range, clipped to the range: `[start, end)`, `partial` when shorter than the whole bucket. */
export interface RangeBucket {
  key: string;
  start: Date;
  end: Date;
  partial: boolean;
}

/** The unit counters are stored in for an interval: hours for hourly ranges, days otherwise. */
export const storageUnit = (interval: Interval): 'hour' | 'day' => (interval === 'hour' ? 'hour' : 'day');

/**
 * The range `[from, to)` in whole storage units (an hour or a day is counted whole or not at all):
 * `from` floored and `to` ceiled to the unit.
 */
export function alignRange(interval: Interval, from: Date, to: Date): { from: Date; to: Date } {
  const unit = storageUnit(interval);
  const end = bucketStart(unit, to);
  return { from: bucketStart(unit, from), to: end.getTime() < to.getTime() ? nextBucket(unit, end) : end };
}

/**
 * Every bucket overlapping `[from, to)`, each clipped to the (aligned) range: a week starting before
 * `from` begins at `from`, the last one ends at `to`, and both are marked partial.
 */
export function rangeBuckets(interval: Interval, from: Date, to: Date): RangeBucket[] {
  const range = alignRange(interval, from, to);
  return enumerateBuckets(interval, range.from, range.to).map((b) => {
    const whole = nextBucket(interval, b.start);
    const start = b.start.getTime() < range.from.getTime() ? range.from : b.start;
    const end = whole.getTime() > range.to.getTime() ? range.to : whole;
    return { key: b.key, start, end, partial: start !== b.start || end !== whole };
  });
}

/** The storage keys (hour or day keys) of `[from, to)`. */
export function storageKeys(interval: Interval, from: Date, to: Date): string[] {
  return enumerateBuckets(storageUnit(interval), from, to).map((b) => b.key);
}
