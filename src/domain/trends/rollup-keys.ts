/**
 * Where rollups live. A rollup document holds one scope's counters for one period, one slot per
 * finer bucket: hourly slots in a day document, daily slots in a month document, monthly slots in a
 * year document. Each period has its own small collection (documents keyed by scope), because
 * FerretDB 1.24 on SQLite answers every query — even `_id` equality — by scanning the whole
 * collection, and decodes every document of it unless the filter is `_id` equality (measured:
 * `explain` says SCAN; see docs/analytics.md). A read then decodes one period's few documents,
 * never a year of them; on MongoDB the same layout is a handful of primary-key reads.
 */
import type { FeedbackKind } from '../classification/classification.types.ts';

export type Granularity = 'h' | 'd' | 'm';

/** `all`, `k:<kind>`, `l:<label>` or `s:<sourceId>:<kind>`. */
export type Scope = string;

export const ALL_SCOPE: Scope = 'all';
export const kindScope = (kind: FeedbackKind): Scope => `k:${kind}`;
export const labelScope = (label: string): Scope => `l:${label}`;
export const sourceScope = (sourceId: string, kind: FeedbackKind): Scope => `s:${sourceId}:${kind}`;

/**
 * Bucket keys as buckets.ts writes them: `2026-11-25T09` (hour), `2026-11-25` (day), `2026-11`
 * (month). A bucket's period is the bucket key one level up (hour → day → month → year).
 */
const KEY_SHAPE: Record<Granularity, { periodLength: number; separator: string }> = {
  h: { periodLength: 10, separator: 'T' },
  d: { periodLength: 7, separator: '-' },
  m: { periodLength: 4, separator: '-' },
};

export function periodOfBucket(g: Granularity, bucket: string): string {
  return bucket.slice(0, KEY_SHAPE[g].periodLength);
}

export function slotOfBucket(g: Granularity, bucket: string): string {
  const at = KEY_SHAPE[g].periodLength + 1;
  return bucket.slice(at, at + 2);
}

export function bucketOf(g: Granularity, period: string, slot: string): string {
  return `${period}${KEY_SHAPE[g].separator}${slot}`;
}

/**
 * `h`/`d`/`m` documents hold the core metrics; the per-aspect metrics (half the fields) live in `a`
 * (daily slots) and `ma` (monthly slots) documents, never hourly, so the common reads decode half
 * as much — FerretDB's cost is per field decoded.
 */
export type RollupKind = Granularity | 'a' | 'ma';
export type RollupPart = 'core' | 'aspects';

/** The kind of document holding one part of the metrics at one level. */
export function rollupKind(g: Granularity, part: RollupPart): RollupKind {
  if (part === 'core') return g;
  if (g === 'h') throw new Error('aspect rollups are daily and monthly');
  return g === 'd' ? 'a' : 'ma';
}

/**
 * Scopes are grouped so a query decodes only its own kind of scope: the overall scope alone,
 * kinds, labels, or source × kind.
 */
export const scopeGroup = (scope: Scope): string => (scope === ALL_SCOPE ? 'all' : scope.charAt(0));
/** The collection of one kind, period and scope group: `trend_h_20261125_all`, `trend_d_202611_s`, `trend_m_2026_l`. */
export const rollupCollection = (g: RollupKind, period: string, scope: Scope): string => `trend_${g}_${period.replace(/-/g, '')}_${scopeGroup(scope)}`;
/** Per-day term counts and per-day samples: `trend_t_20261125_all`, `trend_s_20261125_l`. */
export const termsCollection = (day: string, scope: Scope): string => `trend_t_${day.replace(/-/g, '')}_${scopeGroup(scope)}`;
export const isTermsCollection = (name: string): boolean => name.startsWith('trend_t_');
/** The terms entry counting the items whose terms a document holds. */
export const TERM_ITEMS = '__items';
export const samplesCollection = (day: string, scope: Scope): string => `trend_s_${day.replace(/-/g, '')}_${scopeGroup(scope)}`;

/** Field of one metric in one slot. */
export const slotField = (slot: string, metric: string): string => `${slot}|${metric}`;
/** Field of a sample item (JSON): a few per hour and category, overwritten (samples need not be exact). */
export const sampleField = (hour: string, category: string, k: number): string => `${hour}|${category}|${k}`;

export function uniquePeriods(g: Granularity, buckets: string[]): string[] {
  return [...new Set(buckets.map((b) => periodOfBucket(g, b)))];
}

export const isAspectMetric = (metric: string): boolean => metric.startsWith('asp_');
