/** One poll of one source: fetch what is new, drop what is irrelevant, queue the rest in batches, then move the checkpoint. */
import type { Logger } from 'pino';
import type { HttpClient } from '../../infra/http/http-client.ts';
import { HttpError, backoffDelay } from '../../infra/http/http-client.ts';
import type { Queues } from '../../queue/queues.ts';
import { privateExternalId } from '../privacy/private-external-id.ts';
import { connectorFor, isPolled, type SourceType } from './connectors/index.ts';
import { SourceFetchError, type FetchedItem } from './connectors/connector.types.ts';
import { enqueueBatches, screenItems } from './ingest.service.ts';
import type { SourceRepository, StoredSource } from './source.repository.ts';

/** How many recent ids a checkpoint remembers. */
const SEEN_IDS_KEPT = 2000;
/** A poll stops at the end of the page that reaches this many items: a new source's first backfill ends there, a later poll leaves a backlog. */
export const MAX_ITEMS_PER_POLL = 1000;
/** A poll holds its source's lease at most this long (a crashed worker's lease expires). */
const POLL_LEASE_MS = 10 * 60_000;
/** Backoff after repeated failures never waits longer than this. */
const MAX_BACKOFF_MS = 6 * 3_600_000;

export interface PollOutcome {
  status: 'polled' | 'not-modified' | 'skipped' | 'failed';
  fetched: number;
  queued: number;
  invalid: number;
  excluded: number;
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
  /** EARSHOT_SECRET_<NAME> values by NAME, for settings that name a secret. */
  secrets?: Record<string, string>;
}

export async function pollSource(deps: PollSourceDeps, sourceId: string, now = new Date(), options: { force?: boolean } = {}): Promise<PollOutcome> {
  const empty = { fetched: 0, queued: 0, invalid: 0, excluded: 0, batches: 0 };
  const found = await deps.sources.findById(sourceId);
  if (!found || !found.enabled || !isPolled(found.type)) return { status: 'skipped', ...empty };
  const notBefore = found.health?.nextPollAfter ? new Date(found.health.nextPollAfter) : null;
  if (!options.force && notBefore && notBefore > now) return { status: 'skipped', ...empty };
  if (!(await deps.sources.acquirePollLease(found._id, new Date(), new Date(Date.now() + POLL_LEASE_MS)))) return { status: 'skipped', ...empty };
  try {
    // Read again under the lease: the checkpoint may have moved while another poll finished.
    const source = (await deps.sources.findById(sourceId)) ?? found;
    return await pollLeased(deps, source, now);
  } finally {
    await deps.sources.releasePollLease(found._id);
  }
}

async function pollLeased(deps: PollSourceDeps, source: StoredSource, now: Date): Promise<PollOutcome> {
  const sourceId = String(source._id);
  const empty = { fetched: 0, queued: 0, invalid: 0, excluded: 0, batches: 0 };

  const connector = connectorFor(source.type as SourceType);
  const checkpoint = { ...source.checkpoint, seenIds: source.checkpoint?.seenIds ?? [] };
  let result;
  try {
    const settings = connector.settingsSchema.parse(source.settings ?? {});
    result = await connector.poll(
      { url: source.url, settings },
      { http: deps.http, checkpoint, maxItems: MAX_ITEMS_PER_POLL, secrets: deps.secrets ?? {}, rateKey: String(source._id) },
    );
  } catch (err) {
    // A source's own failures are recorded on it; later polls back off, and honour Retry-After.
    if (!(err instanceof SourceFetchError || err instanceof HttpError)) throw err;
    const failures = (source.health?.consecutiveFailures ?? 0) + 1;
    const retryAfterMs = err instanceof HttpError ? (err.retryAfterMs ?? 0) : 0;
    const waitMs = Math.max(retryAfterMs, backoffDelay(failures - 1, source.pollIntervalSec * 1000, MAX_BACKOFF_MS));
    const paused = await deps.sources.recordFailure(source, err.message, now, new Date(now.getTime() + waitMs));
    deps.logger.warn({ sourceId, error: err.message, failures, paused }, 'poll_failed');
    return { status: 'failed', ...empty, error: err.message };
  }

  if (result.notModified) {
    await deps.sources.recordSuccess(source, checkpoint, now);
    return { status: 'not-modified', ...empty };
  }

  const seen = new Set(checkpoint.seenIds);
  const unseen: FetchedItem[] = [];
  let unidentified = 0;
  for (const fetched of result.items) {
    if (!fetched.externalId) {
      unidentified++;
      continue;
    }
    // The checkpoint remembers ids as they are stored: an id carrying contact details as its keyed hash.
    const key = privateExternalId(fetched.externalId, deps.authorSalt);
    if (seen.has(key)) continue;
    seen.add(key);
    unseen.push(fetched);
  }
  const screened = screenItems(source, unseen, deps.authorSalt, now);
  const invalid = screened.invalid + unidentified;

  // Queue first, checkpoint second: a crash in between re-queues items, which the store drops as duplicates.
  const batches = await enqueueBatches(deps.queues, source, screened.items, deps.batchSize);
  // Excluded and invalid items are remembered too, so they are counted once, not on every poll.
  const seenIds = [...unseen.map((f) => privateExternalId(f.externalId, deps.authorSalt)).reverse(), ...checkpoint.seenIds].slice(0, SEEN_IDS_KEPT);
  // A connector clears a field by returning it undefined.
  const next = Object.fromEntries(Object.entries({ ...checkpoint, ...result.checkpoint, seenIds }).filter(([, v]) => v !== undefined)) as typeof checkpoint;
  await deps.sources.recordSuccess(source, next, now, {
    received: screened.items.length,
    excluded: screened.excluded,
    invalid,
  });
  if (invalid > 0) deps.logger.warn({ sourceId, invalid }, 'poll_items_invalid');
  deps.logger.info({ sourceId, fetched: result.items.length, queued: screened.items.length, excluded: screened.excluded, batches }, 'poll_done');
  return { status: 'polled', fetched: result.items.length, queued: screened.items.length, invalid, excluded: screened.excluded, batches };
}
