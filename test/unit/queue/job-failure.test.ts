import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { WebhookDeliveryError } from '../../../src/domain/alerts/webhook-delivery.ts';
import { PermanentError } from '../../../src/domain/permanent.error.ts';
import { InvalidJobPayloadError } from '../../../src/queue/jobs.ts';
import { asJobFailure } from '../../../workers/job-failure.ts';

describe('retry or permanent failure', () => {
  it('marks work that cannot succeed as unrecoverable, keeping the message', () => {
    for (const err of [new PermanentError('alert a1 not found'), new InvalidJobPayloadError('invalid payload'), new WebhookDeliveryError('webhook answered 410', false, 410)]) {
      const failure = asJobFailure(err);
      expect(failure, err.name).toBeInstanceOf(UnrecoverableError);
      expect((failure as Error).message).toBe(err.message);
    }
  });

  it('rethrows everything else as it is, so backoff applies', () => {
    for (const err of [new Error('connection refused'), new WebhookDeliveryError('webhook answered 503', true, 503), 'thrown string']) {
      expect(asJobFailure(err)).toBe(err);
    }
  });
});
