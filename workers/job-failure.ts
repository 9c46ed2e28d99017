/**
 * The one place that decides retry or permanent failure for a job's error. Permanent: an unknown
 * job, a payload that fails its schema, a PermanentError, a webhook or SMTP refusal that will not
 * change on retry. Everything else (the store, Redis or a receiver is down) is rethrown as it is, so the
 * queue's exponential backoff applies. Only this module knows BullMQ's error classes.
 */
import { UnrecoverableError } from 'bullmq';
import { WebhookDeliveryError } from '../src/domain/alerts/webhook-delivery.ts';
import { MailDeliveryError } from '../src/infra/mailer.ts';
import { PermanentError } from '../src/domain/permanent.error.ts';
import { InvalidJobPayloadError } from '../src/queue/jobs.ts';

export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentError || err instanceof InvalidJobPayloadError || (err instanceof WebhookDeliveryError && !err.retryable) ||
    (err instanceof MailDeliveryError && !err.retryable);
}

/** The error to hand BullMQ: marked unrecoverable when retrying cannot help. */
export function asJobFailure(err: unknown): unknown {
  return isPermanent(err) && err instanceof Error ? new UnrecoverableError(err.message) : err;
}
