/**
 * Outgoing webhooks for alerts and digests: a JSON body, signed when a secret is given the
 * "Standard Webhooks" way (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` over
 * `id.timestamp.body`, keyed with the decoded base64 of the `whsec_` secret, as receivers using the
 * `standardwebhooks` library expect). Delivery runs as its own queued job, so a slow or failing
 * receiver is retried with backoff and never holds up ingestion.
 */
import fetch from 'node-fetch';
import { signWebhook } from '../sources/webhook-signature.ts';

export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
  constructor(
    message: string,
    /** False for answers that will not change on retry (4xx other than 408/429). */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface WebhookResult {
  status: number;
  ms: number;
}

/** POSTs `payload` as JSON, signed when `secret` is set (Slack and Teams read unsigned bodies); throws WebhookDeliveryError on failure. */
export async function postWebhook(
  url: string,
  payload: unknown,
  opts: { secret: string | null; id: string; now?: Date; timeoutMs?: number },
): Promise<WebhookResult> {
  const body = JSON.stringify(payload);
  const ts = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 10_000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: controller.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Earshot-Webhooks/0.1',
        ...(opts.secret
          ? { 'webhook-id': opts.id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(opts.secret, opts.id, ts, body) }
          : {}),
      },
    });
    await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { status: res.status, ms: Date.now() - started };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    throw new WebhookDeliveryError(`webhook answered ${res.status}`, retryable, res.status);
  } catch (err) {
    if (err instanceof WebhookDeliveryError) throw err;
    const e = err as Error;
    throw new WebhookDeliveryError(e.name === 'AbortError' ? 'webhook timed out' : `webhook unreachable: ${e.message}`, true);
  } finally {
    clearTimeout(timer);
  }
}
