/**
 * Stores items with given labels through the real repositories, the same steps as ingestBatch
 * (storeAndCount: insert → counters with an op key and terms), so analytics tests know every figure.
 */
import type { Aspect, Classification, FeedbackKind } from '../../../src/domain/classification/classification.types.ts';
import type { FeedbackItemDoc } from '../../../src/domain/feedback/feedback-item.model.ts';
import { storeAndCount } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { dayKey, hourKey, isoWeekKey } from '../../../src/domain/trends/buckets.ts';
import { type CountItem } from '../../../src/domain/trends/rollup-changes.ts';
import type { Container } from '../../../src/app/compose.ts';

export function cls(category: Classification['category'], extra: Partial<Classification> = {}): Classification {
  const sentiment =
    category === 'complaint'
      ? { score: -3, comparative: -0.3, label: 'negative' as const }
      : category === 'neutral'
        ? { score: 0, comparative: 0, label: 'neutral' as const }
        : { score: 3, comparative: 0.3, label: 'positive' as const };
  return {
    category,
    sentiment,
    satisfaction: category === 'complaint' ? 'dissatisfied' : category === 'advocacy' ? 'delighted' : category === 'satisfaction' ? 'satisfied' : null,
    complaint: category === 'complaint' ? { intent: 'instrumental', blame: 'ostensive' } : null,
    advocacy: category === 'advocacy',
    aspects: [],
    language: 'en',
    confidence: 0.9,
    cues: [],
    ...extra,
  };
}

export interface FixtureItem {
  text: string;
  at: Date;
  classification: Classification;
  label?: string;
  sourceId?: string;
  kind?: FeedbackKind;
  rating?: number;
  nps?: number;
  reach?: number;
  aspects?: Aspect[];
}

let seq = 0;

/** Stores and counts items (real upsert, real counters with terms and samples). */
export async function storeItems(c: Container, items: FixtureItem[]): Promise<void> {
  const docs: FeedbackItemDoc[] = items.map((i) => ({
    sourceId: i.sourceId ?? `src-${i.label ?? 'acme'}`,
    label: i.label ?? 'acme',
    kind: i.kind ?? 'mention',
    externalId: `fx-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
    authorHash: null,
    text: i.text,
    ...(i.rating !== undefined ? { rating: i.rating } : {}),
    ...(i.nps !== undefined ? { nps: i.nps } : {}),
    ...(i.reach !== undefined ? { reach: i.reach } : {}),
    language: 'en',
    publishedAt: i.at,
    ingestedAt: i.at,
    hour: hourKey(i.at),
    day: dayKey(i.at),
    week: isoWeekKey(i.at),
    classification: i.aspects ? { ...i.classification, aspects: i.aspects } : i.classification,
    modelVersion: 'fixture',
    fingerprint: null,
    duplicateOf: null,
  }));
  for (let k = 0; k < docs.length; k += 500) {
    const chunk = docs.slice(k, k + 500);
    await storeAndCount({ feedback: c.repos.feedback, counters: c.repos.counters }, `fixture|${k}|${chunk[0]?.externalId}`, chunk);
  }
}

/** Counts items straight into the counters (history that needs no stored items). */
export async function countOnly(c: Container, items: FixtureItem[]): Promise<void> {
  const rows: CountItem[] = items.map((i) => ({
    sourceId: i.sourceId ?? `src-${i.label ?? 'acme'}`,
    label: i.label ?? 'acme',
    kind: i.kind ?? 'mention',
    publishedAt: i.at,
    classification: i.classification,
    text: i.text,
  }));
  for (let k = 0; k < rows.length; k += 2000) await c.repos.counters.addItems(rows.slice(k, k + 2000), 1, { terms: true });
}
