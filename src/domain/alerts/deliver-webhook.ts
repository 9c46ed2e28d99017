/** Delivery jobs share this: sign and POST, turning a permanent refusal into a non-retryable failure. */
import { UnrecoverableError } from 'bullmq';
import { postWebhook, WebhookDeliveryError, type WebhookResult } from './webhook-delivery.ts';

export async function deliverOrFail(url: string, payload: unknown, secret: string | null, id: string): Promise<WebhookResult> {
  if (!secret) throw new UnrecoverableError('EARSHOT_WEBHOOK_SECRET is not set: refusing to send an unsigned webhook');
  try {
    return await postWebhook(url, payload, { secret, id });
  } catch (err) {
    // Retryable failures are rethrown so the queue's exponential backoff applies.
    if (err instanceof WebhookDeliveryError && !err.retryable) throw new UnrecoverableError(err.message);
    throw err;
  }
}
