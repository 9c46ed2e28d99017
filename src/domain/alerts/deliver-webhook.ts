/** Delivery jobs share this: sign and POST, turning a permanent refusal into a non-retryable failure. */
import { createHash } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { WebhookFormat } from './destinations/destination.types.ts';
import { postWebhook, WebhookDeliveryError, type WebhookResult } from './webhook-delivery.ts';

/** A job id part for a URL (no `:` allowed in BullMQ ids, and no secrets in ids). */
export const urlTag = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 12);

/** `webhook` destinations are signed (and refused without a secret); Slack and Teams URLs are secrets in themselves. */
export async function deliverOrFail(dest: { url: string; format: WebhookFormat }, payload: unknown, secret: string | null, id: string): Promise<WebhookResult> {
  if (dest.format === 'webhook' && !secret) throw new UnrecoverableError('EARSHOT_WEBHOOK_SECRET is not set: refusing to send an unsigned webhook');
  try {
    return await postWebhook(dest.url, payload, { secret: dest.format === 'webhook' ? secret : null, id });
  } catch (err) {
    // Retryable failures are rethrown so the queue's exponential backoff applies.
    if (err instanceof WebhookDeliveryError && !err.retryable) throw new UnrecoverableError(err.message);
    throw err;
  }
}
