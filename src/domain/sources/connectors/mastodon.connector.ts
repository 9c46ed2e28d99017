/**
 * Mastodon, any instance: the public hashtag timeline (`GET /api/v1/timelines/tag/:hashtag`) or
 * status search (`GET /api/v2/search?type=statuses`). New statuses are read forward from the
 * checkpoint with `min_id`, following the Link header's rel="prev"; the first poll reads back
 * through rel="next" up to the backfill bound. Status HTML becomes text.
 */
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { NO_VALIDATORS, conditionalGet, getPage, parseJsonBody, parseLinkHeader, validatorsOf } from './conditional-get.ts';
import { baseUrl, compareNumericIds, date, isObject, joinTitle, str, sumCounts, type Json } from './connector-util.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';
import { headersSchema, resolveHeaders } from './secret-headers.ts';

const settingsSchema = z
  .object({
    hashtag: z.string().trim().regex(/^#?[\p{L}\p{N}_]{1,100}$/u, 'a hashtag such as acmecoffee').transform((t) => t.replace(/^#/, '')).optional(),
    query: z.string().trim().min(1).max(500).optional(),
    /** Only statuses from this instance (hashtag timelines). */
    local: z.boolean().default(false),
    limit: z.number().int().min(1).max(40).default(40),
    maxPages: z.number().int().min(1).max(25).default(5),
    /** Keep the status's own URL (it names the author: /@kit/…); by default items link to /web/statuses/:id on the polled instance. */
    publicAuthorUrls: z.boolean().default(false),
    /** Search needs a token on most instances: `{"Authorization": "Bearer ${MASTODON_TOKEN}"}`. */
    headers: headersSchema,
  })
  .strict()
  .refine((s) => Boolean(s.hashtag) !== Boolean(s.query), { message: 'give exactly one of hashtag or query' });

export type MastodonSettings = z.infer<typeof settingsSchema>;

function toItem(status: Json, permalinkBase: string | null): FetchedItem {
  const account = isObject(status.account) ? status.account : {};
  const text = htmlToText(str(status.content) ?? '');
  const warning = str(status.spoiler_text);
  const id = str(status.id) ?? '';
  return {
    externalId: id,
    text: warning ? joinTitle(warning, text) : text,
    author: str(account.acct),
    url: permalinkBase ? (id ? `${permalinkBase}/web/statuses/${id}` : undefined) : (str(status.url) ?? str(status.uri)),
    reach: sumCounts(status.favourites_count, status.reblogs_count, status.replies_count),
    publishedAt: date(status.created_at),
    ...(str(status.language) ? { meta: { language: str(status.language)! } } : {}),
  };
}

function statusesOf(body: unknown, search: boolean): Json[] {
  const list = search ? (isObject(body) ? body.statuses : undefined) : body;
  if (!Array.isArray(list)) throw new SourceFetchError(`malformed Mastodon response: expected ${search ? 'an object with statuses' : 'an array of statuses'}`);
  // Boosts carry the original status: keep the original, once.
  return list.filter(isObject).map((s) => (isObject(s.reblog) ? s.reblog : s));
}

export const mastodonConnector: SourceConnector<MastodonSettings> = {
  type: 'mastodon',
  settingsSchema,
  defaultUrl: 'https://mastodon.social',
  async poll(source, ctx) {
    const s = source.settings;
    const headers = { accept: 'application/json', ...resolveHeaders(s.headers, ctx.secrets) };
    const since = ctx.checkpoint.cursor;
    const search = !s.hashtag;
    const start = new URL(
      search ? `${baseUrl(source.url)}/api/v2/search` : `${baseUrl(source.url)}/api/v1/timelines/tag/${encodeURIComponent(s.hashtag!)}`,
    );
    if (search) {
      start.searchParams.set('q', s.query!);
      start.searchParams.set('type', 'statuses');
      start.searchParams.set('resolve', 'false');
    } else if (s.local) start.searchParams.set('local', 'true');
    start.searchParams.set('limit', String(s.limit));
    if (since) start.searchParams.set('min_id', since);

    const first = await conditionalGet(ctx, start.href, headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const statuses: Json[] = [];
    let response = first;
    let capped = false;
    for (let page = 0; ; page++) {
      const batch = statusesOf(parseJsonBody(response), search);
      statuses.push(...batch);
      if (batch.length === 0) break;
      if (page + 1 >= s.maxPages || (!since && statuses.length >= ctx.maxItems)) {
        capped = true;
        break;
      }
      let next: string | undefined;
      if (!search) {
        // Forward from the checkpoint (rel="prev" = newer), or back in time on the first poll.
        next = parseLinkHeader(response.headers.link, response.url)[since ? 'prev' : 'next'];
      } else {
        const ids = batch.map((b) => str(b.id) ?? '').filter(Boolean).sort(compareNumericIds);
        const u = new URL(start.href);
        if (since) u.searchParams.set('min_id', ids[ids.length - 1]!);
        else {
          u.searchParams.delete('min_id');
          u.searchParams.set('max_id', ids[0]!);
        }
        next = ids.length ? u.href : undefined;
      }
      if (!next) break;
      response = await getPage(ctx, next, headers);
    }
    const items = statuses.map((st) => toItem(st, s.publicAuthorUrls ? null : baseUrl(source.url)));
    const newest = items.map((i) => i.externalId).filter(Boolean).concat(since ? [since] : []).sort(compareNumericIds).pop();
    // Forward paging needs no backlog: the next poll reads on from the newest id. A 304 must not stop it.
    return { notModified: false, items, checkpoint: { ...(capped ? NO_VALIDATORS : validatorsOf(first)), ...(newest ? { cursor: newest } : {}) } };
  },
};
