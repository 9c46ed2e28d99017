/** One poll of one source: fetch what is new, queue it in batches, then move the checkpoint. */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { HttpClient } from '../../infra/http/http-client.ts';
import { HttpError } from '../../infra/http/http-client.ts';
import type { Queues } from '../../queue/queues.ts';
import { incomingItemSchema } from '../feedback/incoming-item.ts';
import { prepareItem } from '../feedback/prepare-item.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';
import { connectorFor, type SourceType } from './connectors/index.ts';
import { SourceFetchError } from './connectors/connector.types.ts';
import type { SourceRepository } from './source.repository.ts';

/** How many recent ids a checkpoint remembers. */
const SEEN_IDS_KEPT = 2000;
/** The first poll of a new source takes at most this many items (a bounded backfill). */
const MAX_ITEMS_PER_POLL = 1000;

export interface PollOutcome {
  status: 'polled' | 'not-modified' | 'skipped' | 'failed';
  fetched: number;
  queued: number;
  invalid: number;
  batches: number;
  error?: string;
}

export interface PollSourceDeps {
  sources: SourceRepository;
  queues: Queues;
  http: HttpClient;
  logger: Logger;
  authorSalt: string;
  batchSize: number;
}

export function batchIdFor(sourceId: string, externalIds: string[]): string {
  return `b-${sourceId}-${createHash('sha1').update(externalIds.join('\n')).digest('hex').slice(0, 20)}`;
}

export async function pollSource(deps: PollSourceDeps, sourceId: string, now = new Date()): Promise<PollOutcome> {
  const empty = { fetched: 0, queued: 0, invalid: 0, batches: 0 };
  const source = await deps.sources.findById(sourceId);
  if (!source || !source.enabled) return { status: 'skipped', ...empty };

  const connector = connectorFor(source.type as SourceType);
  const checkpoint = { ...source.checkpoint, seenIds: source.checkpoint?.seenIds ?? [] };
  let result;
  try {
    const settings = connector.settingsSchema.parse(source.settings ?? {});
    result = await connector.poll(
      { url: source.url, settings },
      { http: deps.http, checkpoint, maxItems: MAX_ITEMS_PER_POLL },
    );
  } catch (err) {
    // A source's own failures are recorded on it; the next scheduled poll tries again.
    if (!(err instanceof SourceFetchError || err instanceof HttpError)) throw err;
    const paused = await deps.sources.recordFailure(source, err.message, now);
    deps.logger.warn({ sourceId, error: err.message, paused }, 'poll_failed');
    return { status: 'failed', ...empty, error: err.message };
  }

  if (result.notModified) {
    await deps.sources.recordSuccess(source._id, checkpoint, now);
    return { status: 'not-modified', ...empty };
  }

  const seen = new Set(checkpoint.seenIds);
  const fresh = [];
  let invalid = 0;
  for (const fetched of result.items) {
    if (seen.has(fetched.externalId)) continue;
    const parsed = incomingItemSchema.safeParse({ ...fetched, kind: source.kind });
    if (!parsed.success) {
      invalid++;
      continue;
    }
    seen.add(fetched.externalId);
    fresh.push(prepareItem(parsed.data, deps.authorSalt, now));
  }

  const jobs = [];
  for (let i = 0; i < fresh.length; i += deps.batchSize) {
    const items = fresh.slice(i, i + deps.batchSize);
    const batchId = batchIdFor(String(source._id), items.map((it) => it.externalId));
    jobs.push({
      jobId: batchId,
      payload: { batchId, sourceId: String(source._id), label: source.label, kind: source.kind as FeedbackKind, items },
    });
  }
  // Queue first, checkpoint second: a crash in between re-queues items, and upserts absorb them.
  await deps.queues.enqueueMany('classify-batch', jobs);
  const seenIds = [...fresh.map((f) => f.externalId).reverse(), ...checkpoint.seenIds].slice(0, SEEN_IDS_KEPT);
  await deps.sources.recordSuccess(source._id, { ...checkpoint, ...result.checkpoint, seenIds }, now);
  if (invalid > 0) deps.logger.warn({ sourceId, invalid }, 'poll_items_invalid');
  deps.logger.info({ sourceId, fetched: result.items.length, queued: fresh.length, batches: jobs.length }, 'poll_done');
  return { status: 'polled', fetched: result.items.length, queued: fresh.length, invalid, batches: jobs.length };
}
