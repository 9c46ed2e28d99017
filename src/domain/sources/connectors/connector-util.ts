/** Small readers shared by the connectors of public APIs. */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export const num = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Sum of the engagement counts present; undefined when the source reports none. */
export function sumCounts(...values: unknown[]): number | undefined {
  const present = values.map(num).filter((n): n is number => n !== undefined && n >= 0);
  return present.length ? Math.round(present.reduce((a, b) => a + b, 0)) : undefined;
}

export function date(v: unknown): Date | undefined {
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v === 'string' && v) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** Orders numeric string ids (Mastodon snowflakes): longer is larger, then lexicographic. */
export function compareNumericIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function joinTitle(title: string | undefined, body: string | undefined): string {
  const t = title?.trim() ?? '';
  const b = body?.trim() ?? '';
  if (!t) return b;
  if (!b || b.startsWith(t)) return b || t;
  // A title that ends a sentence itself ("Anyone else?") takes no full stop.
  return /[.!?…:;]$/.test(t) ? `${t} ${b}` : `${t}. ${b}`;
}

export const baseUrl = (url: string) => url.replace(/\/+$/, '');
