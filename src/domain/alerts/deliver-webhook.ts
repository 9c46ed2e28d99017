/** Delivery jobs share this: refuse to send unsigned, then sign and POST (workers/job-failure.ts decides on retries). */
import { PermanentError } from '../permanent.error.ts';
import { postWebhook, type WebhookResult } from './webhook-delivery.ts';

export async function deliverOrFail(url: string, payload: unknown, secret: string | null, id: string): Promise<WebhookResult> {
  if (!secret) throw new PermanentError('EARSHOT_WEBHOOK_SECRET is not set: refusing to send an unsigned webhook');
  return postWebhook(url, payload, { secret, id });
}
