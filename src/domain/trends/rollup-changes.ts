/**
 * What counting items does to the rollup documents (pure): per scope the hourly and daily core
 * metrics, daily aspect metrics, per-day terms and sample items, and the scope registry entries.
 * See rollup-keys.ts for where each document lives.
 */
import type { FeedbackKind } from '../classification/classification.types.ts';
import { hourKey } from './buckets.ts';
import type { DocChange } from './counter-buffer.ts';
import { itemIncrements, type CountableItem, type CounterFields } from './counter-metrics.ts';
import {
  ALL_SCOPE,
  isAspectMetric,
  kindScope,
  labelScope,
  periodOfBucket,
  rollupCollection,
  rollupKind,
  sampleField,
  samplesCollection,
  slotField,
  slotOfBucket,
  sourceScope,
  termsCollection,
  TERM_ITEMS,
  type Scope,
} from './rollup-keys.ts';
import { extractTerms } from './terms.ts';

export interface CounterKey {
  sourceId: string;
  kind: FeedbackKind;
  label: string;
}

export type CountItem = CountableItem & CounterKey & { publishedAt: Date; _id?: unknown; text?: string; url?: string };

/** A sample item kept beside the counters (PII-redacted text, as stored), to explain alerts and digests. */
export interface SampleItem {
  hour: string;
  id: string;
  category: string;
  text: string;
  label: string;
  sourceId: string;
  publishedAt: string;
  url: string | null;
  confidence: number;
}

/** The registry of scopes ever counted, so breakdowns know which source × kind scopes exist. */
export const SCOPES_COLLECTION = 'trend_scopes';

const SAMPLE_CATEGORIES = new Set(['complaint', 'advocacy', 'satisfaction']);
const SAMPLES_PER_HOUR = 3;
const SAMPLE_TEXT_MAX = 300;

/** Which of an hour's sample slots an item takes: a cheap stable hash (FNV-1a) of its id. */
function hashSlot(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SAMPLES_PER_HOUR;
}

/**
 * The document changes of adding (`sign` 1) or removing (-1) each group of items. `terms` also
 * counts the terms and phrases of the items' text (new items at ingest; corrections move no terms).
 * Runs for every ingested batch, so per-item work is kept to one pass: items are summed per
 * source, kind, label and hour and expanded to scopes and levels once per sum, and a sample slot's
 * JSON is built once, for the item that ends up holding it.
 */
export function rollupChanges(groups: Array<{ items: CountItem[]; sign: 1 | -1 }>, opts: { terms?: boolean } = {}): DocChange[] {
  const docs = new Map<string, DocChange>();
  const doc = (collection: string, id: string, meta: Record<string, string>): DocChange => {
    const key = `${collection}|${id}`;
    return docs.get(key) ?? docs.set(key, { collection, id, meta, inc: {}, set: {} }).get(key)!;
  };

  const sums = new Map<string, { item: CountItem; hour: string; inc: CounterFields; added: boolean }>();
  // Sample slot (document and field) → the last item written to it: the last write wins.
  const samples = new Map<string, { target: DocChange; field: string; item: CountItem; hour: string }>();
  for (const { items, sign } of groups) {
    for (const item of items) {
      const hour = hourKey(item.publishedAt);
      const key = `${item.sourceId}\u0000${item.kind}\u0000${item.label}\u0000${hour}`;
      let sum = sums.get(key);
      if (!sum) sums.set(key, (sum = { item, hour, inc: {}, added: false }));
      const inc = itemIncrements(item);
      for (const metric in inc) sum.inc[metric] = (sum.inc[metric] ?? 0) + sign * inc[metric]!;
      if (sign === 1) sum.added = true;

      const day = hour.slice(0, 10);
      const category = item.classification.category;
      if (sign === 1 && item._id !== undefined && item.text && SAMPLE_CATEGORIES.has(category)) {
        const field = sampleField(hour.slice(11, 13), category, hashSlot(String(item._id)));
        for (const scope of [ALL_SCOPE, labelScope(item.label)]) {
          const target = doc(samplesCollection(day, scope), scope, { day, scope });
          samples.set(`${target.collection}|${scope}|${field}`, { target, field, item, hour });
        }
      }
      if (opts.terms && item.text) {
        const found = extractTerms(item.text);
        for (const scope of [ALL_SCOPE, labelScope(item.label)]) {
          // No metadata: a terms document is its counts (one JSON field, see the flusher).
          const entry = doc(termsCollection(day, scope), scope, {});
          for (const t of found) entry.inc[t] = (entry.inc[t] ?? 0) + sign;
          entry.inc[TERM_ITEMS] = (entry.inc[TERM_ITEMS] ?? 0) + sign;
        }
      }
    }
  }

  for (const { item, hour, inc, added } of sums.values()) {
    if (added) {
      doc(SCOPES_COLLECTION, kindScope(item.kind), { type: 'kind', kind: item.kind });
      doc(SCOPES_COLLECTION, labelScope(item.label), { type: 'label', label: item.label });
      doc(SCOPES_COLLECTION, sourceScope(item.sourceId, item.kind), { type: 'source', sourceId: item.sourceId, kind: item.kind, label: item.label });
    }
    const scopes: Scope[] = [ALL_SCOPE, kindScope(item.kind), labelScope(item.label), sourceScope(item.sourceId, item.kind)];
    for (const [g, bucket] of [['h', hour], ['d', hour.slice(0, 10)], ['m', hour.slice(0, 7)]] as const) {
      const period = periodOfBucket(g, bucket);
      const slot = slotOfBucket(g, bucket);
      // Aspect metrics: daily and monthly only, in their own documents (see rollup-keys.ts).
      const aspectKind = g === 'h' ? null : rollupKind(g, 'aspects');
      for (const scope of scopes) {
        const core = doc(rollupCollection(g, period, scope), scope, { g, period, scope });
        const aspects = aspectKind ? doc(rollupCollection(aspectKind, period, scope), scope, { g: aspectKind, period, scope }) : null;
        for (const [metric, v] of Object.entries(inc)) {
          const f = slotField(slot, metric);
          const target = isAspectMetric(metric) ? aspects : core;
          if (target) target.inc[f] = (target.inc[f] ?? 0) + v;
        }
      }
    }
  }

  for (const { target, field, item, hour } of samples.values()) {
    const sample: SampleItem = {
      hour,
      id: String(item._id),
      category: item.classification.category,
      text: item.text!.slice(0, SAMPLE_TEXT_MAX),
      label: item.label,
      sourceId: item.sourceId,
      publishedAt: item.publishedAt.toISOString(),
      url: item.url ?? null,
      confidence: item.classification.confidence,
    };
    target.set[field] = JSON.stringify(sample);
  }
  return [...docs.values()];
}
