/** Delivery jobs share this: refuse to send unsigned, then sign and POST (workers/job-failure.ts decides on retries). */
import { PermanentError } from '../permanent.error.ts';
import type { WebhookFormat } from '../../../config/destinations.ts';
import { postWebhook, type WebhookResult } from './webhook-delivery.ts';

/** `webhook` destinations are signed (and refused without a secret); Slack and Teams URLs are secrets in themselves. */
export async function deliverOrFail(dest: { url: string; format: WebhookFormat }, payload: unknown, secret: string | null, id: string): Promise<WebhookResult> {
  if (dest.format === 'webhook' && !secret) throw new PermanentError('EARSHOT_WEBHOOK_SECRET is not set: refusing to send an unsigned webhook');
  return postWebhook(dest.url, payload, { secret: dest.format === 'webhook' ? secret : null, id });
}
