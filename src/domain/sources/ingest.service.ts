/**
 * The one way items come in from outside: pushed through the items API, or delivered by a
 * signed webhook. Each item is validated, screened by its source's keyword lists, prepared for
 * privacy and queued in classify batches whose ids derive from the items, so a re-sent batch
 * is queued once. The poller shares the screening and queueing below. Expected outcomes (an
 * invalid item, a replayed webhook, a redelivered response) are results, not exceptions.
 */
import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { FeedbackKind } from '../classification/classification.types.ts';
import type { FeedbackRepository } from '../feedback/feedback.repository.ts';
import { itemIdFor } from '../feedback/ingest-batch.service.ts';
import { incomingItemSchema } from '../feedback/incoming-item.ts';
import { prepareItem } from '../feedback/prepare-item.ts';
import { jobIds } from '../../queue/job-ids.ts';
import type { QueuedItem } from '../../queue/jobs.ts';
import type { Queues } from '../../queue/queues.ts';
import { connectorFor, type SourceType } from './connectors/index.ts';
import type { FetchedItem } from './connectors/connector.types.ts';
import type { PushSettings } from './connectors/push.connector.ts';
import type { TypeformSettings } from './connectors/typeform.connector.ts';
import type { DeliveredResponses } from './delivered-responses.ts';
import { keywordFilter } from './keyword-filter.ts';
import { mapPushBody } from './push-items.ts';
import type { SourceRepository, StoredSource } from './source.repository.ts';
import { mapTypeformResponse, verifyTypeformSignature } from './typeform-response.ts';
import type { WebhookReplayRepository } from './webhook-replay.repository.ts';
import { decryptSecret, verifyWebhook } from './webhook-signature.ts';

/** Pushed items without a source of their own are stored under this source id. */
export const PUSH_SOURCE_ID = 'push';

export interface ScreenedItems {
  items: QueuedItem[];
  invalid: number;
  excluded: number;
}

/**
 * Validation, the source's keyword lists and privacy preparation, in that order: shared by the
 * poller and the webhook so every way in treats items alike.
 */
export function screenItems(source: Pick<StoredSource, 'kind' | 'include' | 'exclude'>, raw: FetchedItem[], authorSalt: string, now: Date): ScreenedItems {
  const filter = keywordFilter(source.include, source.exclude);
  const items: QueuedItem[] = [];
  let invalid = 0;
  let excluded = 0;
  for (const fetched of raw) {
    const parsed = incomingItemSchema.safeParse({ ...fetched, kind: source.kind });
    if (!parsed.success) {
      invalid++;
      continue;
    }
    if (!filter.accepts(parsed.data.text)) {
      excluded++;
      continue;
    }
    items.push(prepareItem(parsed.data, authorSalt, now));
  }
  return { items, invalid, excluded };
}

/** Queues items as classify-batch jobs of `batchSize`, with ids derived from the items so a re-queue is a no-op. */
export async function enqueueBatches(queues: Queues, source: Pick<StoredSource, '_id' | 'label' | 'kind'>, items: QueuedItem[], batchSize: number): Promise<number> {
  const jobs = [];
  for (let i = 0; i < items.length; i += batchSize) {
    const batch = items.slice(i, i + batchSize);
    const batchId = jobIds.classifyBatch(String(source._id), batch.map((it) => it.externalId));
    jobs.push({ jobId: batchId, payload: { batchId, sourceId: String(source._id), label: source.label, kind: source.kind as FeedbackKind, items: batch } });
  }
  await queues.enqueueMany('classify-batch', jobs);
  return jobs.length;
}

/** A pushed item: as any incoming item, but the id may be left out (one is derived from the content). */
export const pushedItemSchema = incomingItemSchema.extend({ externalId: incomingItemSchema.shape.externalId.optional() });

/**
 * A stable id for pushed items that come without one, so a re-sent item is not stored twice. Keyed
 * with the author salt: an unkeyed hash of author, date and text would let anyone holding a stored
 * item test guessed authors against its id.
 */
function contentId(item: { text: string; author?: string; publishedAt?: Date }, salt: string): string {
  return `h-${createHmac('sha256', salt).update(`content-id\u0000${item.author ?? ''}\u0000${item.publishedAt?.toISOString() ?? ''}\u0000${item.text}`).digest('hex').slice(0, 24)}`;
}

export interface PushRequest {
  sourceId?: string;
  label?: string;
  kind?: FeedbackKind;
  items: unknown[];
}

export type PushResult =
  | { status: 'unknown-source' }
  | {
      status: 'queued';
      sourceId: string;
      kind: FeedbackKind;
      /** Null when no item was valid (nothing queued). */
      batchId: string | null;
      accepted: string[];
      /** Invalid items by their index in the request; the valid ones are queued either way. */
      rejected: Array<{ index: number; error: z.ZodError }>;
      /**
       * Items already stored with other content: edits are not applied (the first stored version
       * stays, counted once), and these say so instead of dropping the edit silently. Null when the
       * store could not be asked (it is down: the items are queued all the same).
       */
      unchanged: Array<{ externalId: string; fields: string[] }> | null;
    };

export type WebhookResult =
  | { status: 'unauthorized'; reason: string }
  | { status: 'replayed'; webhookId: string }
  | { status: 'disabled' }
  | { status: 'not-json' }
  | { status: 'no-responses'; itemsPath: string }
  | { status: 'not-typeform' }
  | { status: 'queued'; received: number; redelivered: number; accepted: number; excluded: number; invalid: number; batches: number };

export interface IngestSettings {
  authorSalt: string;
  /** Decrypts the sources' webhook secrets. */
  secretsKey: string;
  batchSize: number;
}

export class IngestService {
  constructor(
    private readonly deps: { sources: SourceRepository; feedback: FeedbackRepository; queues: Queues; replays: WebhookReplayRepository; delivered: DeliveredResponses },
    private readonly settings: IngestSettings,
  ) {}

  /** Items pushed by an agent, into a named source or the `push` one; valid items are queued even when others are not. */
  async push(request: PushRequest, now = new Date()): Promise<PushResult> {
    let sourceId = PUSH_SOURCE_ID;
    let label = request.label ?? 'unlabelled';
    let kind = request.kind ?? 'survey';
    if (request.sourceId) {
      const source = await this.deps.sources.findById(request.sourceId);
      if (!source) return { status: 'unknown-source' };
      sourceId = String(source._id);
      label = request.label ?? source.label;
      kind = request.kind ?? source.kind;
    }
    const rejected: Array<{ index: number; error: z.ZodError }> = [];
    const accepted: QueuedItem[] = [];
    for (const [index, raw] of request.items.entries()) {
      const parsed = pushedItemSchema.safeParse(raw);
      if (!parsed.success) {
        rejected.push({ index, error: parsed.error });
        continue;
      }
      accepted.push(prepareItem({ ...parsed.data, externalId: parsed.data.externalId ?? contentId(parsed.data, this.settings.authorSalt) }, this.settings.authorSalt, now));
    }
    let batchId: string | null = null;
    if (accepted.length > 0) {
      batchId = jobIds.classifyBatch(sourceId, accepted.map((a) => a.externalId));
      await this.deps.queues.enqueue('classify-batch', { batchId, sourceId, label, kind, items: accepted }, { jobId: batchId });
    }
    return { status: 'queued', sourceId, kind, batchId, accepted: accepted.map((a) => a.externalId), rejected, unchanged: await this.editsNotApplied(sourceId, accepted) };
  }

  /** Accepted items whose stored copy says something else (compared after privacy preparation, as stored). */
  private async editsNotApplied(sourceId: string, items: QueuedItem[]): Promise<Array<{ externalId: string; fields: string[] }> | null> {
    const stored = await this.deps.feedback.storedContent(items.map((i) => itemIdFor(sourceId, i.externalId)));
    if (!stored) return null;
    if (stored.size === 0) return [];
    const out: Array<{ externalId: string; fields: string[] }> = [];
    for (const item of items) {
      const was = stored.get(String(itemIdFor(sourceId, item.externalId)));
      if (!was) continue;
      const fields = (['text', 'rating', 'nps', 'reach'] as const).filter((f) => (item[f] ?? null) !== (was[f] ?? null));
      if (fields.length) out.push({ externalId: item.externalId, fields });
    }
    return out;
  }

  /**
   * A survey tool's signed delivery (Standard Webhooks, the source's own secret). An unknown
   * source answers like a bad signature, so ids cannot be probed. A delivery that is not
   * processed is forgotten again, so the sender's retry gets through.
   */
  async receiveWebhook(
    sourceId: string,
    headers: { id?: string; timestamp?: string; signature?: string; typeformSignature?: string },
    rawBody: Buffer,
    now = new Date(),
  ): Promise<WebhookResult> {
    const source = await this.deps.sources.findById(sourceId);
    // An unknown source answers like a bad signature, so ids cannot be probed.
    if (!source?.webhookSecret) return { status: 'unauthorized', reason: 'unknown source or no webhook secret' };
    const secret = decryptSecret(source.webhookSecret, this.settings.secretsKey);
    const id = String(source._id);
    if (source.type === 'typeform') {
      // Typeform signs the body only and sends no delivery id: a resent response is known by its response id.
      if (!verifyTypeformSignature(secret, headers.typeformSignature, rawBody)) return { status: 'unauthorized', reason: 'missing or wrong Typeform-Signature' };
      return this.queueDelivery(source, null, rawBody, now);
    }
    const check = verifyWebhook(secret, headers, rawBody);
    if (!check.ok) return { status: 'unauthorized', reason: check.reason };
    const webhookId = headers.id!;
    if (!(await this.deps.replays.claim(id, webhookId))) return { status: 'replayed', webhookId };
    let result: WebhookResult;
    try {
      result = await this.queueDelivery(source, webhookId, rawBody, now);
    } catch (err) {
      await this.deps.replays.release(id, webhookId);
      throw err;
    }
    if (result.status !== 'queued') await this.deps.replays.release(id, webhookId);
    return result;
  }

  private async queueDelivery(source: StoredSource, webhookId: string | null, rawBody: Buffer, now: Date): Promise<WebhookResult> {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { status: 'not-json' };
    }
    if (!source.enabled) return { status: 'disabled' };
    let mapped: FetchedItem[];
    if (source.type === 'typeform') {
      const found = mapTypeformResponse(body, connectorFor('typeform').settingsSchema.parse(source.settings ?? {}) as TypeformSettings);
      if (!found) return { status: 'not-typeform' };
      mapped = found;
    } else {
      const settings = connectorFor('push' satisfies SourceType).settingsSchema.parse(source.type === 'push' ? source.settings : {}) as PushSettings;
      const found = mapPushBody(body, settings, webhookId!);
      if (!found) return { status: 'no-responses', itemsPath: settings.itemsPath || '(root)' };
      mapped = found;
    }
    const sourceId = String(source._id);
    // A response delivered before (under another delivery id) is neither queued nor counted again.
    const claimed = await this.deps.delivered.claim(sourceId, mapped.map((m) => m.externalId));
    try {
      const pending = new Set(claimed);
      // Each claimed response once, in the order sent.
      const firsts = mapped.filter((m) => pending.delete(m.externalId));
      const screened = screenItems(source, firsts, this.settings.authorSalt, now);
      const batches = await enqueueBatches(this.deps.queues, source, screened.items, this.settings.batchSize);
      await this.deps.sources.recordReceived(source, { received: screened.items.length, excluded: screened.excluded, invalid: screened.invalid }, now);
      return { status: 'queued', received: mapped.length, redelivered: mapped.length - firsts.length, accepted: screened.items.length, excluded: screened.excluded, invalid: screened.invalid, batches };
    } catch (err) {
      // Not processed: let the sender's retry through.
      await this.deps.delivered.release(sourceId, claimed).catch(() => undefined);
      throw err;
    }
  }
}
