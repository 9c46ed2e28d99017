/** Classifies a queued batch, stores it with one bulk upsert, and adds new items to the trend counters. */
import type { Classifier } from '../classification/classification.types.ts';
import { countOpKey, type TrendCounterRepository } from '../trends/trend-counter.repository.ts';
import { dayKey, hourKey, isoWeekKey } from '../trends/buckets.ts';
import type { JobPayload } from '../../queue/jobs.ts';
import type { FeedbackItemDoc } from './feedback-item.model.ts';
import type { FeedbackRepository, StoredFeedbackItem } from './feedback.repository.ts';
import { textFingerprint } from './fingerprint.ts';

export interface IngestOutcome {
  inserted: number;
  existing: number;
  counted: number;
  /** Newly stored items whose text another item already said (cross-posts, reposts): stored, not counted. */
  duplicates: number;
}

/**
 * Runs once per newly stored item batch, before the items are counted. Listeners must be
 * idempotent: a batch redelivered before it was counted passes through them again. Items that
 * repeat an earlier item's text arrive with `duplicateOf` set.
 */
export type StoredItemsListener = (items: StoredFeedbackItem[]) => Promise<void>;

export interface IngestDeps {
  classifier: Classifier;
  feedback: FeedbackRepository;
  counters: TrendCounterRepository;
  onStored?: StoredItemsListener[];
}

export function buildItemDocs(classifier: Classifier, batch: JobPayload<'classify-batch'>, now: Date): FeedbackItemDoc[] {
  return batch.items.map((item) => {
    const publishedAt = new Date(item.publishedAt);
    const kind = item.kind ?? batch.kind;
    const classification = classifier.classify({ id: item.externalId, text: item.text, rating: item.rating, nps: item.nps, kind });
    return {
      sourceId: batch.sourceId,
      label: batch.label,
      kind,
      externalId: item.externalId,
      ...(item.url ? { url: item.url } : {}),
      authorHash: item.authorHash,
      text: item.text,
      ...(item.rating !== undefined ? { rating: item.rating } : {}),
      ...(item.nps !== undefined ? { nps: item.nps } : {}),
      ...(item.reach !== undefined ? { reach: item.reach } : {}),
      language: classification.language,
      publishedAt,
      ingestedAt: now,
      hour: hourKey(publishedAt),
      day: dayKey(publishedAt),
      week: isoWeekKey(publishedAt),
      classification,
      modelVersion: classifier.modelVersion,
      counted: false,
      fingerprint: textFingerprint(item.text),
      duplicateOf: null,
      ...(item.meta ? { meta: item.meta } : {}),
    };
  });
}

/**
 * Idempotent under redelivery: items upsert on (sourceId, externalId), and only items not yet
 * `counted` reach the counters, so running the same batch twice changes nothing.
 */
export async function ingestBatch(deps: IngestDeps, batch: JobPayload<'classify-batch'>, now = new Date()): Promise<IngestOutcome> {
  const docs = buildItemDocs(deps.classifier, batch, now);
  const { inserted, existing } = await deps.feedback.upsertBatch(docs);
  const uncounted = await deps.feedback.findUncounted(batch.sourceId, docs.map((d) => d.externalId));
  const duplicates = await deps.feedback.markDuplicates(uncounted, now);
  for (const item of uncounted) item.duplicateOf = duplicates.get(String(item._id)) ?? item.duplicateOf ?? null;
  for (const listener of deps.onStored ?? []) await listener(uncounted);
  // Buzz counts a cross-posted text once: only originals reach the counters.
  const originals = uncounted.filter((d) => !d.duplicateOf);
  // Keyed on the batch: a rerun (two workers on one batch, or a crash before markCounted) counts a subset of the first run's items, so it is skipped.
  await deps.counters.addItems(originals, 1, { opKey: countOpKey(docs.map((d) => ({ _id: d.externalId })), `${batch.sourceId}|${batch.batchId}`), terms: true });
  await deps.feedback.markCounted(uncounted.map((d) => d._id));
  return { inserted, existing, counted: originals.length, duplicates: uncounted.length - originals.length };
}
