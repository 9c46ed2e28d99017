/**
 * Classifies a queued batch, stores it with one bulk insert keyed on (sourceId, externalId), and
 * adds the new items to the trend counters exactly once. Item ids are derived from (sourceId,
 * externalId), so a redelivered item meets itself on the duplicate key and is left untouched.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Classifier } from '../classification/classification.types.ts';
import { type TrendCounterRepository } from '../trends/trend-counter.repository.ts';
import { dayKey, hourKey, isoWeekKey } from '../trends/buckets.ts';
import type { JobPayload } from '../../queue/jobs.ts';
import type { FeedbackItemDoc } from './feedback-item.model.ts';
import type { FeedbackRepository, StoredFeedbackItem } from './feedback.repository.ts';
import { DUPLICATE_REASONS, itemFingerprint } from './fingerprint.ts';

export interface IngestOutcome {
  inserted: number;
  existing: number;
  counted: number;
  /** Newly stored items whose text another item already said (cross-posts, reposts): stored, not counted. */
  duplicates: number;
  /** Items the store refused alone, set aside with the reason (GET /v1/admin/quarantine): the rest is stored and counted. */
  quarantined: number;
}

/**
 * Runs once per batch for the items that batch stored, before they are counted. Listeners must be
 * idempotent: a redelivered batch passes its items through them again. Items that repeat an
 * earlier item's text arrive with `duplicateOf` set.
 */
export type StoredItemsListener = (items: StoredFeedbackItem[]) => Promise<void>;

export interface IngestDeps {
  classifier: Classifier;
  feedback: FeedbackRepository;
  counters: TrendCounterRepository;
  onStored?: StoredItemsListener[];
}

/** A stable ObjectId for (sourceId, externalId): every attempt at a batch inserts under the same ids. */
export function itemIdFor(sourceId: string, externalId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(`${sourceId}\u0000${externalId}`).digest().subarray(0, 12));
}

export type NewItemDoc = FeedbackItemDoc & { _id?: Types.ObjectId };

export function buildItemDocs(classifier: Classifier, batch: JobPayload<'classify-batch'>, now: Date): NewItemDoc[] {
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
      fingerprint: itemFingerprint({ text: item.text, label: batch.label, kind, authorHash: item.authorHash, rating: item.rating, nps: item.nps }),
      duplicateOf: null,
      duplicateReason: null,
      ...(item.meta ? { meta: item.meta } : {}),
    };
  });
}

/**
 * Stores built documents for one batch (the caller's own: ids and `insertedBy` are filled in
 * place) and counts the ones this batch stored, exactly once:
 * - each item records the batch that inserted it (`insertedBy`);
 * - the counters apply a batch's items under a marker keyed on the batch, so a second
 *   application (a redelivery, two workers on one stalled job) changes nothing;
 * - when some inserts meet existing items, the batch reads them back and counts those it
 *   inserted on an earlier attempt (a crash between insert and counters loses nothing).
 */
export async function storeAndCount(
  deps: Omit<IngestDeps, 'classifier'>,
  batchKey: string,
  built: NewItemDoc[],
): Promise<IngestOutcome> {
  // Completed in place, not copied: the documents are this call's own, and a batch is thousands of them.
  for (const d of built) {
    d._id ??= itemIdFor(d.sourceId, d.externalId);
    d.insertedBy = batchKey;
  }
  const docs = built as Array<FeedbackItemDoc & { _id: Types.ObjectId }>;
  const duplicates = await deps.feedback.claimFingerprints(docs);
  for (const d of docs) {
    d.duplicateOf = duplicates.get(String(d._id)) ?? null;
    d.duplicateReason = d.duplicateOf ? DUPLICATE_REASONS[d.kind] : null;
  }

  const { inserted, existing, quarantined } = await deps.feedback.insertOrQuarantine(docs);
  let mine: StoredFeedbackItem[] = inserted;
  if (existing.length > 0) {
    mine = [...inserted, ...(await deps.feedback.findStoredBy(batchKey, existing.map((d) => d._id)))];
  }
  for (const listener of deps.onStored ?? []) await listener(mine);
  // Buzz counts a cross-posted text once: only originals reach the counters.
  const originals = mine.filter((d) => !d.duplicateOf);
  await deps.counters.addItems(originals, 1, { opKey: createHash('sha256').update(batchKey).digest('base64url').slice(0, 16), terms: true });
  return { inserted: inserted.length, existing: existing.length, counted: originals.length, duplicates: mine.length - originals.length, quarantined };
}

/** Idempotent under redelivery: running the same batch twice stores and counts nothing more. */
export async function ingestBatch(deps: IngestDeps, batch: JobPayload<'classify-batch'>, now = new Date()): Promise<IngestOutcome> {
  return storeAndCount(deps, `${batch.sourceId}|${batch.batchId}`, buildItemDocs(deps.classifier, batch, now));
}
