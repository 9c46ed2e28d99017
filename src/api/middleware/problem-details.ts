/**
 * Every error leaves as RFC 9457 problem details (`application/problem+json`) carrying the request id.
 * Client errors raised by Express and its parsers (bad escapes, charsets, encodings, bodies) keep
 * their 4xx; an outage of Redis or MongoDB is a 503 with `Retry-After`; anything else is a 500
 * logged with its stack.
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../infra/logger.ts';
import { isServiceUnavailable } from '../../infra/unavailable.ts';
import { ApiError, type FieldIssue } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const OUTAGE_RETRY_AFTER_SEC = 5;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Stable machine-readable kind (`invalid_request`, `not_found`, `rate_limited`, …). */
  code: string;
  requestId: string;
  fields?: FieldIssue[];
}

/** Codes for the errors that Express's body parsers and router raise (http-errors `type`s). */
const PARSER_CODES: Record<string, string> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'entity.verify.failed': 'invalid_body',
  'request.aborted': 'request_aborted',
  'request.size.invalid': 'invalid_body',
  'stream.encoding.set': 'invalid_body',
  'charset.unsupported': 'unsupported_charset',
  'encoding.unsupported': 'unsupported_encoding',
};

const codeForStatus = (status: number) => (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z0-9]+/g, '_');

export function problemBody(req: Request, status: number, code: string, detail: string, fields?: FieldIssue[]): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: req.originalUrl,
    code,
    requestId: String(req.id ?? ''),
    ...(fields ? { fields } : {}),
  };
}

export function sendProblem(req: Request, res: Response, problem: Problem, retryAfterSec?: number): void {
  if (retryAfterSec !== undefined) res.setHeader('Retry-After', String(retryAfterSec));
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** A client error raised by Express or a body parser (http-errors): a 4xx status it may show. */
function clientError(err: unknown): { status: number; type?: string; message: string } | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; message?: unknown; expose?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined || status < 400 || status > 499) return undefined;
  return { status, type: typeof e.type === 'string' ? e.type : undefined, message: e.expose !== false && typeof e.message === 'string' ? e.message : STATUS_CODES[status] ?? 'bad request' };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => sendProblem(req, res, problemBody(req, 404, 'not_found', 'no such route'));
}

export function problemDetails(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) {
      sendProblem(req, res, problemBody(req, err.status, err.code, err.message, err.fields), err.retryAfterSec);
      return;
    }
    const client = clientError(err);
    if (client) {
      const code = (client.type && PARSER_CODES[client.type]) ?? codeForStatus(client.status);
      if (client.type === 'entity.parse.failed') {
        sendProblem(req, res, problemBody(req, 400, code, 'request body is not valid JSON', [{ field: 'body', message: client.message }]));
        return;
      }
      sendProblem(req, res, problemBody(req, client.status, code, client.message));
      return;
    }
    if (isServiceUnavailable(err)) {
      (req.log ?? logger).warn({ err: (err as Error).message }, 'request_unavailable');
      sendProblem(req, res, problemBody(req, 503, 'service_unavailable', 'a backing service is unavailable; try again shortly'), OUTAGE_RETRY_AFTER_SEC);
      return;
    }
    (req.log ?? logger).error({ err }, 'request_failed');
    sendProblem(req, res, problemBody(req, 500, 'internal', 'internal error'));
  };
}
