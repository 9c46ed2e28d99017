/**
 * `POST /v1/webhooks/:sourceId`: survey tools push responses here, signed with the source's own
 * secret: per the Standard Webhooks scheme, or Typeform's `Typeform-Signature` for typeform sources. Mounted before the JSON body parser and the API-key check:
 * the signature is computed over the raw bytes and is the only credential.
 */
import express, { Router } from 'express';
import type { Container } from '../../infra/container.ts';
import { connectorFor, type SourceType } from '../../domain/sources/connectors/index.ts';
import type { PushSettings } from '../../domain/sources/connectors/push.connector.ts';
import { enqueueBatches, screenItems } from '../../domain/sources/poll-source.service.ts';
import { deliveredResponses } from '../../domain/sources/delivered-responses.ts';
import { mapPushBody } from '../../domain/sources/push-items.ts';
import type { TypeformSettings } from '../../domain/sources/connectors/typeform.connector.ts';
import { mapTypeformResponse, verifyTypeformSignature } from '../../domain/sources/typeform-response.ts';
import { SIGNATURE_TOLERANCE_SEC, decryptSecret, verifyWebhook } from '../../domain/sources/webhook-signature.ts';
import { ApiError, badRequest } from '../errors.ts';

export const MAX_WEBHOOK_BODY = '1mb';

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function webhooksRoutes(c: Container): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY });
  const delivered = deliveredResponses(c.redis, c.config.queue.prefix);

  router.post('/v1/webhooks/:sourceId', raw, async (req, res) => {
    const source = await c.repos.sources.findById(req.params.sourceId as string);
    // An unknown source answers like a bad signature, so ids cannot be probed.
    if (!source?.webhookSecret) throw unauthorized('unknown source or no webhook secret');
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const secret = decryptSecret(source.webhookSecret, c.config.sources.secretsKey);
    const typeform = source.type === 'typeform';
    const id = header(req.headers['webhook-id']);
    if (typeform) {
      if (!verifyTypeformSignature(secret, header(req.headers['typeform-signature']), rawBody)) throw unauthorized('missing or wrong Typeform-Signature');
    } else {
      const check = verifyWebhook(secret, { id, timestamp: header(req.headers['webhook-timestamp']), signature: header(req.headers['webhook-signature']) }, rawBody);
      if (!check.ok) throw unauthorized(check.reason);
    }

    // Remember the id for twice the timestamp tolerance: older replays already fail the timestamp check.
    // Typeform sends neither: a resent response is known by its response id below.
    const replayKey = typeform ? null : `${c.config.queue.prefix}:webhook-seen:${String(source._id)}:${id!.slice(0, 200)}`;
    if (replayKey && (await c.redis.set(replayKey, '1', 'EX', SIGNATURE_TOLERANCE_SEC * 2, 'NX')) !== 'OK') {
      throw new ApiError(409, 'replayed', `webhook ${id} was already received`);
    }
    const sourceId = String(source._id);
    let claimed = new Set<string>();
    try {
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw badRequest('request body is not valid JSON', [{ field: 'body', message: 'not JSON' }]);
      }
      if (!source.enabled) throw new ApiError(409, 'source_disabled', 'this source is disabled');
      let mapped;
      if (typeform) {
        mapped = mapTypeformResponse(body, connectorFor('typeform').settingsSchema.parse(source.settings ?? {}) as TypeformSettings);
        if (!mapped) throw badRequest('not a Typeform form_response', [{ field: 'body.form_response', message: 'expected answers and a token' }]);
      } else {
        const settings = connectorFor('push' satisfies SourceType).settingsSchema.parse(source.type === 'push' ? source.settings : {}) as PushSettings;
        mapped = mapPushBody(body, settings, id!);
        if (!mapped) throw badRequest('no responses in body', [{ field: `body.${settings.itemsPath || '(root)'}`, message: 'expected an object or an array' }]);
      }
      const now = new Date();
      // A response delivered before (under another webhook-id) is neither queued nor counted again.
      claimed = await delivered.claim(sourceId, mapped.map((m) => m.externalId));
      const pending = new Set(claimed);
      // Each claimed response once, in the order sent.
      const firsts = mapped.filter((m) => pending.delete(m.externalId));
      const screened = screenItems(source, firsts, c.config.privacy.authorSalt, now);
      const batches = await enqueueBatches(c.queues, source, screened.items, c.config.sources.pollBatchSize);
      await c.repos.sources.recordReceived(source, { received: screened.items.length, excluded: screened.excluded, invalid: screened.invalid }, now);
      res.status(202).json({ received: mapped.length, redelivered: mapped.length - firsts.length, accepted: screened.items.length, excluded: screened.excluded, invalid: screened.invalid, batches });
    } catch (err) {
      // Not processed: let the sender's retry (same webhook-id) through.
      if (replayKey) await c.redis.del(replayKey).catch(() => undefined);
      await delivered.release(sourceId, claimed).catch(() => undefined);
      throw err;
    }
  });

  return router;
}
