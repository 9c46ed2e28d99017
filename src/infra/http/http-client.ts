/**
 * The one way Earshot fetches from the outside world: bounded in time, size and redirects,
 * identified, polite (per-host and per-source spacing, Retry-After, backoff with jitter) and,
 * unless private sources are allowed, unable to reach private addresses (after redirects too).
 */
import fetch, { type Response } from 'node-fetch';
import { DEFAULTS } from '../../../config/defaults.ts';
import { HttpError } from './http-error.ts';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { PrivateAddressError, createAddressGuard } from './ssrf-guard.ts';

export { HttpError } from './http-error.ts';
export { PrivateAddressError } from './ssrf-guard.ts';

export const USER_AGENT = 'Earshot/0.1 (+https://github.com/earshot/earshot; social listening poller)';
export const MAX_REDIRECTS = 5;

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
  /** Spaces requests of one source (its id); the host is always spaced. */
  rateKey?: string;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

export interface HttpClientOptions {
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  hostIntervalMs?: number;
  sourceIntervalMs?: number;
  /** Extra attempts after a network error, timeout, 5xx, 429 or 503. */
  retries?: number;
  /** A Retry-After longer than this is not waited out: the request fails and says when to retry. */
  maxRetryWaitMs?: number;
  /** Base of the exponential backoff; each wait is drawn between half and all of base·2^attempt. */
  backoffBaseMs?: number;
  limiter?: RateLimiter;
  /** Which resolved addresses are refused (default: private, loopback, link-local…); for tests of the guard. */
  isBlockedAddress?: (address: string) => boolean;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": between half and all of base·2^attempt, capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs = 60_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Not worth another attempt: the answer would be the same. */
class PermanentHttpError extends HttpError {}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const allowPrivate = options.allowPrivate ?? false;
  const hostIntervalMs = options.hostIntervalMs ?? DEFAULTS.httpHostIntervalMs;
  const sourceIntervalMs = options.sourceIntervalMs ?? DEFAULTS.httpSourceIntervalMs;
  const retries = options.retries ?? DEFAULTS.httpRetries;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? DEFAULTS.httpMaxRetryWaitMs;
  const backoffBaseMs = options.backoffBaseMs ?? 500;
  const limiter = options.limiter ?? new MemoryRateLimiter();
  const guard = allowPrivate ? null : createAddressGuard(options.isBlockedAddress);

  /** One GET with redirects followed by hand, so every hop is checked and counted. */
  async function fetchOnce(request: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULTS.httpTimeoutMs;
    const maxBytes = request.maxBytes ?? options.maxBytes ?? DEFAULTS.httpMaxBytes;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*', ...request.headers };
    let url = new URL(request.url);
    try {
      for (let hop = 0; ; hop++) {
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PermanentHttpError(`unsupported protocol ${url.protocol}`);
        guard?.assertPublicLiteral(url);
        let response: Response;
        try {
          response = await fetch(url.href, {
            headers,
            redirect: 'manual',
            signal: controller.signal,
            size: maxBytes,
            ...(guard ? { agent: url.protocol === 'https:' ? guard.agents.https : guard.agents.http } : {}),
          });
        } catch (err) {
          throw translate(err, timeoutMs, maxBytes);
        }
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location) {
          await response.arrayBuffer().catch(() => undefined);
          if (hop >= MAX_REDIRECTS) throw new PermanentHttpError(`more than ${MAX_REDIRECTS} redirects`);
          const next = new URL(location, url);
          // Credentials never follow a redirect to another origin.
          if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k.toLowerCase())));
          url = next;
          continue;
        }
        let body = '';
        if (response.status !== 304) {
          try {
            body = await response.text();
          } catch (err) {
            throw translate(err, timeoutMs, maxBytes);
          }
        }
        return { status: response.status, url: url.href, headers: Object.fromEntries(response.headers.entries()), body };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  return async (request) => {
    const hostKey = `host:${new URL(request.url).host}`;
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire(hostKey, hostIntervalMs);
      if (request.rateKey) await limiter.acquire(`source:${request.rateKey}`, sourceIntervalMs);
      let response: HttpResponse;
      try {
        response = await fetchOnce(request);
      } catch (err) {
        if (err instanceof PrivateAddressError) throw err;
        if (err instanceof PermanentHttpError) throw new HttpError(err.message);
        if (attempt < retries) {
          await sleep(backoffDelay(attempt, backoffBaseMs));
          continue;
        }
        throw err;
      }
      if (response.status === 429 || response.status === 503) {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']) ?? backoffDelay(attempt, backoffBaseMs);
        // Every source on this host waits, not only this one.
        await limiter.penalize(hostKey, retryAfterMs);
        if (attempt < retries && retryAfterMs <= maxRetryWaitMs) continue;
        throw new HttpError(`HTTP ${response.status} from ${new URL(request.url).host} (retry after ${Math.ceil(retryAfterMs / 1000)} s)`, response.status, retryAfterMs);
      }
      if (response.status >= 500 && attempt < retries) {
        await sleep(backoffDelay(attempt, backoffBaseMs));
        continue;
      }
      return response;
    }
  };
}

function translate(err: unknown, timeoutMs: number, maxBytes: number): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as Error & { type?: string; code?: string; erroredSysCall?: string };
  if (e.name === 'AbortError') return new HttpError(`request timed out after ${timeoutMs} ms`);
  if (e.type === 'max-size') return new PermanentHttpError(`response larger than ${maxBytes} bytes`);
  // The guarded lookup's refusal arrives wrapped in node-fetch's FetchError.
  if (e.code === 'EPRIVATE' || /private or loopback address/.test(e.message)) {
    return new PrivateAddressError(e.message.replace(/^request to .*? failed, reason: /, ''));
  }
  return new HttpError(e.message);
}
