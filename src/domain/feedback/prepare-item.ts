/**
 * Privacy at the edge: raw handles and PII never enter the queue or the store. Every producer
 * (poller, push API, importers) passes items through here before enqueueing them.
 */
import { hashAuthor } from '../privacy/author-hash.ts';
import { privateExternalId } from '../privacy/private-external-id.ts';
import { redactPii } from '../privacy/redact-pii.ts';
import { redactUrl } from '../privacy/redact-url.ts';
import type { IncomingItem } from './incoming-item.ts';
import type { QueuedItem } from '../../queue/jobs.ts';

/** Meta values are free text too; the key tells the detectors what a number is (`orderId`, `phone`). */
function redactMeta(meta: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, redactPii(value, { context: key })]));
}

/** The queued form of an item: every free-text field redacted, the author hashed, the id kept stable. */
export function prepareItem(item: IncomingItem, authorSalt: string, now: Date = new Date()): QueuedItem {
  return {
    externalId: privateExternalId(item.externalId, authorSalt),
    text: redactPii(item.text.replace(/\s+/g, ' ').trim()),
    ...(item.kind ? { kind: item.kind } : {}),
    authorHash: hashAuthor(item.author, authorSalt),
    ...(item.url ? { url: redactUrl(item.url) } : {}),
    ...(item.rating !== undefined ? { rating: item.rating } : {}),
    ...(item.nps !== undefined ? { nps: item.nps } : {}),
    ...(item.reach !== undefined ? { reach: item.reach } : {}),
    ...(item.meta && Object.keys(item.meta).length ? { meta: redactMeta(item.meta) } : {}),
    publishedAt: (item.publishedAt && item.publishedAt.getTime() <= now.getTime() ? item.publishedAt : now).toISOString(),
  };
}
