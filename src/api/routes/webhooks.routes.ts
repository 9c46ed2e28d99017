/**
 * `POST /v1/webhooks/:sourceId`: survey tools push responses here, signed with the source's own
 * secret (the Standard Webhooks scheme, or `Typeform-Signature` for typeform sources). Mounted
 * before the JSON body parser and the API-key check: the signature is computed over the raw
 * bytes and is the only credential.
 */
import express, { Router } from 'express';
import type { Container } from '../../app/compose.ts';
import { ApiError, badRequest } from '../errors.ts';

export const MAX_WEBHOOK_BODY = '1mb';

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function webhooksRoutes(c: Container): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY });

  router.post('/v1/webhooks/:sourceId', raw, async (req, res) => {
    const result = await c.services.ingest.receiveWebhook(
      req.params.sourceId as string,
      {
        id: header(req.headers['webhook-id']),
        timestamp: header(req.headers['webhook-timestamp']),
        signature: header(req.headers['webhook-signature']),
        typeformSignature: header(req.headers['typeform-signature']),
      },
      Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    );
    switch (result.status) {
      case 'unauthorized':
        throw new ApiError(401, 'unauthorized', result.reason);
      case 'replayed':
        throw new ApiError(409, 'replayed', `webhook ${result.webhookId} was already received`);
      case 'not-json':
        throw badRequest('request body is not valid JSON', [{ field: 'body', message: 'not JSON' }]);
      case 'disabled':
        throw new ApiError(409, 'source_disabled', 'this source is disabled');
      case 'not-typeform':
        throw badRequest('not a Typeform form_response', [{ field: 'body.form_response', message: 'expected answers and a token' }]);
      case 'no-responses':
        throw badRequest('no responses in body', [{ field: `body.${result.itemsPath}`, message: 'expected an object or an array' }]);
      case 'queued': {
        const { status: _, ...counts } = result;
        res.status(202).json(counts);
      }
    }
  });

  return router;
}
