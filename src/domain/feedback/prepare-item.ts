/**
 * Privacy at the edge: raw handles and PII never enter the queue or the store. Every producer
 * (poller, push API, importers) passes items through here before enqueueing them.
 */
import { hashAuthor } from '../privacy/author-hash.ts';
import { redactPii } from '../privacy/redact-pii.ts';
import type { IncomingItem } from './incoming-item.ts';
import type { QueuedItem } from '../../queue/jobs.ts';

export function prepareItem(item: IncomingItem, authorSalt: string, now: Date = new Date()): QueuedItem {
  return {
    externalId: item.externalId,
    text: redactPii(item.text.replace(/\s+/g, ' ').trim()),
    ...(item.kind ? { kind: item.kind } : {}),
    authorHash: hashAuthor(item.author, authorSalt),
    ...(item.url ? { url: item.url } : {}),
    ...(item.rating !== undefined ? { rating: item.rating } : {}),
    ...(item.nps !== undefined ? { nps: item.nps } : {}),
    ...(item.reach !== undefined ? { reach: item.reach } : {}),
    ...(item.meta && Object.keys(item.meta).length ? { meta: item.meta } : {}),
    publishedAt: (item.publishedAt && item.publishedAt.getTime() <= now.getTime() ? item.publishedAt : now).toISOString(),
  };
}
