/**
 * The bulk-import variant of ingestBatch: the same classification, documents, duplicate claims and
 * counters, but set-based — documents get ids derived from (sourceId, externalId), fingerprints
 * are claimed before the insert, and documents are inserted already `counted`, so nothing is
 * updated afterwards. On FerretDB each per-document update scans the collection, which makes
 * ingestBatch's upsert + mark-counted path quadratic in the collection size; this one is not.
 * Re-running a batch inserts nothing and counts nothing. A crash between the insert and the
 * counters leaves that one batch uncounted (it is never double-counted).
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { JobPayload } from '../../queue/jobs.ts';
import { buildItemDocs, type IngestDeps, type IngestOutcome } from './ingest-batch.service.ts';

/** A stable ObjectId for (sourceId, externalId): a retried batch claims and inserts under the same ids. */
export function itemIdFor(sourceId: string, externalId: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(`${sourceId}\u0000${externalId}`).digest().subarray(0, 12));
}

export async function ingestNewItems(deps: IngestDeps, batch: JobPayload<'classify-batch'>, now = new Date()): Promise<IngestOutcome> {
  const docs = buildItemDocs(deps.classifier, batch, now).map((d) => ({ ...d, _id: itemIdFor(d.sourceId, d.externalId) }));
  const duplicates = await deps.feedback.claimFingerprints(docs, now);
  for (const d of docs) {
    d.duplicateOf = duplicates.get(String(d._id)) ?? null;
    d.counted = true;
  }
  const { inserted, existing } = await deps.feedback.insertNew(docs);
  for (const listener of deps.onStored ?? []) await listener(inserted);
  const originals = inserted.filter((d) => !d.duplicateOf);
  await deps.counters.addItems(originals);
  return { inserted: inserted.length, existing, counted: originals.length, duplicates: inserted.length - originals.length };
}
