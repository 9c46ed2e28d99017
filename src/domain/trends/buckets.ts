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

function nextBucket(interval: Interval, d: Date): Date {
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
