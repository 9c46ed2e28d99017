/** The one way Earshot fetches from the outside world: bounded in time, size and redirects, and identified. */
import fetch from 'node-fetch';

export const USER_AGENT = 'Earshot/0.1 (+https://github.com/earshot/earshot; social listening poller)';

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(message: string, readonly status?: number, readonly retryAfterMs?: number) {
    super(message);
  }
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createHttpClient(): HttpClient {
  return async ({ url, headers = {}, timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = DEFAULT_MAX_BYTES }) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': USER_AGENT, accept: '*/*', ...headers },
        redirect: 'follow',
        follow: 5,
        signal: controller.signal,
        size: maxBytes,
      });
      const body = response.status === 304 ? '' : await response.text();
      return {
        status: response.status,
        url: response.url,
        headers: Object.fromEntries(response.headers.entries()),
        body,
      };
    } catch (err) {
      const e = err as Error & { type?: string };
      if (e.name === 'AbortError') throw new HttpError(`request timed out after ${timeoutMs} ms`);
      if (e.type === 'max-size') throw new HttpError(`response larger than ${maxBytes} bytes`);
      if (e.type === 'max-redirect') throw new HttpError('more than 5 redirects');
      throw new HttpError(e.message);
    } finally {
      clearTimeout(timer);
    }
  };
}
