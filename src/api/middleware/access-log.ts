/**
 * One access-log line per request (pino-http) under a request id: the caller's `X-Request-Id` when
 * it is a sane token, else a fresh UUID. The id is echoed in the `X-Request-Id` header and in
 * problem bodies, so a client's report can be matched to the log line.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../infra/logger.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

export function accessLog(logger: Logger) {
  return pinoHttp<IncomingMessage, ServerResponse, never>({
    logger,
    genReqId: requestId,
    customLogLevel: (_req, res, err): LevelWithSilent => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request_completed',
    customErrorMessage: () => 'request_completed',
    // Method, path and status only: headers carry keys and cookies, queries may carry search text.
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
