/**
 * Names of the rollup documents. A rollup document holds one scope's counters for one period,
 * one slot per finer bucket: hourly slots in a day document, daily slots in a month document.
 * Reads are then a handful of `_id` look-ups — the one filter FerretDB/SQLite answers from an
 * index (see docs/analytics.md) — instead of a scan over bucket keys.
 */
import type { FeedbackKind } from '../classification/classification.types.ts';

export type Granularity = 'h' | 'd';

/** `all`, `k:<kind>`, `l:<label>` or `s:<sourceId>:<kind>`. */
export type Scope = string;

export const ALL_SCOPE: Scope = 'all';
export const kindScope = (kind: FeedbackKind): Scope => `k:${kind}`;
export const labelScope = (label: string): Scope => `l:${label}`;
export const sourceScope = (sourceId: string, kind: FeedbackKind): Scope => `s:${sourceId}:${kind}`;

/** Bucket keys as buckets.ts writes them: `2026-11-25T09` (hour) and `2026-11-25` (day). */
export function periodOfBucket(g: Granularity, bucket: string): string {
  return g === 'h' ? bucket.slice(0, 10) : bucket.slice(0, 7);
}

export function slotOfBucket(g: Granularity, bucket: string): string {
  return g === 'h' ? bucket.slice(11, 13) : bucket.slice(8, 10);
}

export function bucketOf(g: Granularity, period: string, slot: string): string {
  return g === 'h' ? `${period}T${slot}` : `${period}-${slot}`;
}

export const rollupId = (g: Granularity, period: string, scope: Scope): string => `${g}|${period}|${scope}`;
export const termsId = (day: string, scope: Scope): string => `t|${day}|${scope}`;

/** Field of one metric in one slot. */
export const slotField = (slot: string, metric: string): string => `${slot}|${metric}`;
/** Field of a sample item id: a few per slot and category, overwritten (samples need not be exact). */
export const sampleField = (slot: string, category: string, k: number): string => `smp|${slot}|${category}|${k}`;
/** Marker of an applied counting operation: makes re-applying it a no-op. */
export const markerField = (opKey: string): string => `ap|${opKey}`;

export function uniquePeriods(g: Granularity, buckets: string[]): string[] {
  return [...new Set(buckets.map((b) => periodOfBucket(g, b)))];
}
