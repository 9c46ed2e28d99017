/** ISO week arithmetic for digests (weeks are UTC buckets, like every trend). */
import { isoWeekKey } from '../trends/buckets.ts';

const DAY = 86_400_000;
export const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

/** Monday 00:00 UTC of an ISO week key; null when the key is not a real week. */
export function weekStart(week: string): Date | null {
  const m = WEEK_KEY.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const w = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY;
  const start = new Date(monday1 + (w - 1) * 7 * DAY);
  return w >= 1 && isoWeekKey(start) === week ? start : null;
}

/** The ISO week before the one `now` falls in, judged by the calendar date in `timeZone`. */
export function previousIsoWeek(now: Date, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const localDay = new Date(`${parts}T12:00:00Z`);
  return isoWeekKey(new Date(localDay.getTime() - 7 * DAY));
}
