export const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export const pct = (n: number | null | undefined, digits = 1): string => (n === null || n === undefined ? '–' : `${fmt(n, digits)} %`);

export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC' : '–');

/** "3 h 20 min" until (positive) or since (negative) a moment. */
export function duration(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (d >= 2) return `${d} d ${h % 24} h`;
  return h ? `${h} h ${m % 60} min` : `${m} min`;
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
