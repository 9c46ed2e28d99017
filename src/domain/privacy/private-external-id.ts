/**
 * Item ids come from sources and senders, and some carry contact details (`reply-jane@example.com`,
 * a link with `?email=`). Such an id is replaced by a keyed hash of itself: stored text stays free
 * of PII and a re-sent item gets the same id, so it still de-duplicates. Other ids are kept as sent.
 */
import { createHmac } from 'node:crypto';
import { redactPii } from './redact-pii.ts';
import { redactUrl } from './redact-url.ts';

const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

function decode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

function carriesPii(id: string): boolean {
  // Ids are numbers more often than not: only a `+` or a grouped number counts as a phone here.
  return [id, decode(id)].some((form) => (URL_LIKE.test(form) ? redactUrl(form) : redactPii(form, { bareNumbers: false })) !== form);
}

export function privateExternalId(externalId: string, salt: string): string {
  if (!carriesPii(externalId)) return externalId;
  return `p-${createHmac('sha256', salt).update(`external-id\u0000${externalId}`).digest('hex').slice(0, 32)}`;
}
