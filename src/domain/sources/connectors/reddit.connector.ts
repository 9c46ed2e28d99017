/**
 * Reddit search listings: `GET /search.json` (or `/r/:sub/search.json?restrict_sr=1`), `sort=new`,
 * paged back in time with `after`; a poll stops at the first post older than the checkpoint, or at
 * its cap, leaving the `after` name as a backlog the next poll reads on from.
 * With an OAuth token (a named env secret) it calls oauth.reddit.com with `Authorization: bearer`.
 */
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { checkpointAfter, conditionalGet, getPage, parseJsonBody } from './conditional-get.ts';
import { baseUrl, date, isObject, joinTitle, num, str, sumCounts, type Json } from './connector-util.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';

const settingsSchema = z
  .object({
    query: z.string().trim().min(1).max(512),
    subreddit: z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'a subreddit name without r/').optional(),
    limit: z.number().int().min(1).max(100).default(100),
    maxPages: z.number().int().min(1).max(10).default(5),
    /** Name of the env secret holding an OAuth bearer token (EARSHOT_SECRET_<NAME>); used when set. */
    tokenSecret: z.string().regex(/^[A-Z0-9_]{1,64}$/).default('REDDIT_TOKEN'),
  })
  .strict();

export type RedditSettings = z.infer<typeof settingsSchema>;

function toItem(child: Json): FetchedItem & { createdUtc: number } {
  const d = isObject(child.data) ? child.data : {};
  const permalink = str(d.permalink);
  return {
    externalId: str(d.name) ?? (str(d.id) ? `t3_${str(d.id)}` : ''),
    text: joinTitle(str(d.title), htmlToText(str(d.selftext) ?? str(d.body) ?? '')),
    author: str(d.author),
    url: permalink ? `https://www.reddit.com${permalink}` : str(d.url),
    reach: sumCounts(d.score, d.num_comments),
    publishedAt: date(num(d.created_utc)),
    createdUtc: num(d.created_utc) ?? 0,
    ...(str(d.subreddit) ? { meta: { subreddit: str(d.subreddit)! } } : {}),
  };
}

export const redditConnector: SourceConnector<RedditSettings> = {
  type: 'reddit',
  settingsSchema,
  defaultUrl: 'https://www.reddit.com',
  async poll(source, ctx) {
    const s = source.settings;
    const token = ctx.secrets[s.tokenSecret];
    let base = baseUrl(source.url);
    if (token && /^https:\/\/(www\.)?reddit\.com$/i.test(base)) base = 'https://oauth.reddit.com';
    const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `bearer ${token}` } : {}) };
    const since = Number(ctx.checkpoint.cursor ?? 0);
    const pageUrl = (after?: string) => {
      const u = new URL(`${base}${s.subreddit ? `/r/${s.subreddit}` : ''}/search.json`);
      u.searchParams.set('q', s.query);
      u.searchParams.set('sort', 'new');
      u.searchParams.set('limit', String(s.limit));
      u.searchParams.set('raw_json', '1');
      if (s.subreddit) u.searchParams.set('restrict_sr', '1');
      if (after) u.searchParams.set('after', after);
      return u.href;
    };
    const backlog = ctx.checkpoint.backlog;
    // A backlog continues after the last post read (listing positions are post names, so they hold as new posts arrive).
    const first = backlog ? await getPage(ctx, pageUrl(backlog.next), headers) : await conditionalGet(ctx, pageUrl(), headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const items: Array<ReturnType<typeof toItem>> = [];
    let response = first;
    let more: string | undefined;
    for (let page = 0; ; page++) {
      const body = parseJsonBody(response);
      const data = isObject(body) && isObject(body.data) ? body.data : undefined;
      if (!data || !Array.isArray(data.children)) throw new SourceFetchError('malformed Reddit listing: no data.children array');
      const batch = data.children.filter(isObject).map(toItem);
      // >=: posts of the checkpoint's own second are dropped as already seen.
      const fresh = batch.filter((b) => b.createdUtc >= since);
      items.push(...fresh);
      const after = str(data.after);
      if (!after || fresh.length < batch.length || batch.length === 0) break;
      if (items.length >= ctx.maxItems || page + 1 >= s.maxPages) {
        more = after;
        break;
      }
      response = await getPage(ctx, pageUrl(after), headers);
    }
    const newest = Math.max(since, Number(backlog?.newest ?? 0), ...items.map((i) => i.createdUtc));
    return {
      notModified: false,
      items: items.map(({ createdUtc: _c, ...item }) => item),
      checkpoint: checkpointAfter(ctx, first, Boolean(backlog), more, newest > 0 ? String(newest) : undefined),
    };
  },
};
