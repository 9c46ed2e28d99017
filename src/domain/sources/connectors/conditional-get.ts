import type { SourceCheckpoint } from '../source.model.ts';
import type { HttpResponse } from '../../../infra/http/http-client.ts';
import { SourceFetchError, isFirstPoll, type ConnectorContext } from './connector.types.ts';

/** GET with If-None-Match / If-Modified-Since from the checkpoint; 304 comes back as `null`. */
export async function conditionalGet(
  ctx: Pick<ConnectorContext, 'http' | 'checkpoint' | 'rateKey'>,
  url: string,
  headers: Record<string, string> = {},
): Promise<HttpResponse | null> {
  const conditional: Record<string, string> = { ...headers };
  if (ctx.checkpoint.etag) conditional['if-none-match'] = ctx.checkpoint.etag;
  if (ctx.checkpoint.lastModified) conditional['if-modified-since'] = ctx.checkpoint.lastModified;
  const response = await ctx.http({ url, headers: conditional, rateKey: ctx.rateKey });
  if (response.status === 304) return null;
  assertOk(response, url);
  return response;
}

/** A plain GET of one page; a non-2xx answer is the source's failure. */
export async function getPage(ctx: Pick<ConnectorContext, 'http' | 'rateKey'>, url: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  const response = await ctx.http({ url, headers, rateKey: ctx.rateKey });
  assertOk(response, url);
  return response;
}

function assertOk(response: HttpResponse, url: string): void {
  if (response.status < 200 || response.status >= 300) {
    throw new SourceFetchError(`HTTP ${response.status} from ${new URL(url).host}`);
  }
}

export function parseJsonBody(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body);
  } catch (err) {
    throw new SourceFetchError(`malformed JSON from ${new URL(response.url).host}: ${(err as Error).message}`);
  }
}

export function validatorsOf(response: HttpResponse): Partial<SourceCheckpoint> {
  return {
    ...(response.headers.etag ? { etag: response.headers.etag } : {}),
    ...(response.headers['last-modified'] ? { lastModified: response.headers['last-modified'] } : {}),
  };
}

/** RFC 8288 Link header → { rel: url } (Mastodon, GitHub-style pagination). */
export function parseLinkHeader(value: string | undefined, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (!m) continue;
    const rel = /rel="?([^";]+)"?/i.exec(m[2]!)?.[1];
    if (!rel) continue;
    for (const r of rel.trim().split(/\s+/)) out[r.toLowerCase()] = new URL(m[1]!, base).href;
  }
  return out;
}

/**
 * A poll's checkpoint: then either a backlog, when it stopped at its cap with `more` to read (a
 * first poll's backfill is bounded instead), or the new resume point `newest`. Validators are kept
 * only from a poll that read to the end from a conditional first request: after a capped poll a
 * 304 would hide the rest.
 */
export function checkpointAfter(
  ctx: Pick<ConnectorContext, 'checkpoint'>,
  first: HttpResponse,
  resumed: boolean,
  more: string | undefined,
  newest: string | undefined,
): Partial<SourceCheckpoint> {
  const validators = resumed || more !== undefined ? NO_VALIDATORS : validatorsOf(first);
  if (more !== undefined && !isFirstPoll(ctx.checkpoint)) return { ...validators, backlog: { next: more, ...(newest ? { newest } : {}) } };
  return { ...validators, backlog: null, ...(newest ? { cursor: newest } : {}) };
}

/** Clears the stored validators (the poller drops undefined fields when it merges a checkpoint). */
export const NO_VALIDATORS = { etag: undefined, lastModified: undefined } as const;
