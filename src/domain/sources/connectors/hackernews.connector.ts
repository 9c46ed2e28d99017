/**
 * Hacker News through the Algolia search API: `GET /api/v1/search_by_date` with `tags=(story,comment)`,
 * numbered pages (`page`, `nbPages`), and `numericFilters=created_at_i>=<checkpoint>` on later polls;
 * a backlog bigger than one poll is read on with `created_at_i<=<oldest second reached>`.
 */
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { checkpointAfter, conditionalGet, getPage, parseJsonBody } from './conditional-get.ts';
import { baseUrl, date, isObject, joinTitle, num, str, sumCounts, type Json } from './connector-util.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';

const settingsSchema = z
  .object({
    query: z.string().trim().min(1).max(500),
    tags: z.enum(['story', 'comment', 'all']).default('all'),
    hitsPerPage: z.number().int().min(1).max(1000).default(100),
    maxPages: z.number().int().min(1).max(50).default(5),
  })
  .strict();

export type HackerNewsSettings = z.infer<typeof settingsSchema>;

function toItem(hit: Json): FetchedItem {
  const id = str(hit.objectID) ?? '';
  const comment = str(hit.comment_text);
  const text = comment ? htmlToText(comment) : joinTitle(str(hit.title) ?? str(hit.story_title), htmlToText(str(hit.story_text) ?? ''));
  return {
    externalId: id,
    text,
    author: str(hit.author),
    url: id ? `https://news.ycombinator.com/item?id=${id}` : undefined,
    reach: sumCounts(hit.points, hit.num_comments),
    publishedAt: date(num(hit.created_at_i)) ?? date(hit.created_at),
  };
}

export const hackernewsConnector: SourceConnector<HackerNewsSettings> = {
  type: 'hackernews',
  settingsSchema,
  defaultUrl: 'https://hn.algolia.com',
  async poll(source, ctx) {
    const s = source.settings;
    const since = ctx.checkpoint.cursor;
    const backlog = ctx.checkpoint.backlog;
    // A backlog is read on below the oldest second reached so far (inclusive: seen ids drop the overlap).
    const upper = backlog ? Number(backlog.next) : undefined;
    const pageUrl = (page: number) => {
      const u = new URL(`${baseUrl(source.url)}/api/v1/search_by_date`);
      u.searchParams.set('query', s.query);
      u.searchParams.set('tags', s.tags === 'all' ? '(story,comment)' : s.tags);
      u.searchParams.set('hitsPerPage', String(s.hitsPerPage));
      // >= rather than >: hits of the checkpoint's own second are dropped as already seen.
      const filters = [since ? `created_at_i>=${since}` : '', upper !== undefined ? `created_at_i<=${upper}` : ''].filter(Boolean);
      if (filters.length) u.searchParams.set('numericFilters', filters.join(','));
      u.searchParams.set('page', String(page));
      return u.href;
    };
    const headers = { accept: 'application/json' };
    const first = backlog ? await getPage(ctx, pageUrl(0), headers) : await conditionalGet(ctx, pageUrl(0), headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const seen = new Set(ctx.checkpoint.seenIds);
    const hits: Json[] = [];
    let response = first;
    let more: string | undefined;
    for (let page = 0; ; page++) {
      const body = parseJsonBody(response);
      if (!isObject(body) || !Array.isArray(body.hits)) throw new SourceFetchError('malformed Algolia response: no hits array');
      const batch = body.hits.filter(isObject);
      hits.push(...batch);
      const nbPages = num(body.nbPages) ?? 0;
      // Newest first and all at or after the checkpoint: past a page already seen, every hit is of the checkpoint's second.
      const allSeen = !backlog && batch.every((h) => seen.has(str(h.objectID) ?? ''));
      if (batch.length === 0 || page + 1 >= nbPages || allSeen) break;
      if (page + 1 >= s.maxPages || hits.length >= ctx.maxItems) {
        const oldest = Math.min(...hits.map((h) => num(h.created_at_i) ?? Infinity));
        // Only when a whole poll's hits share one second does the bound step past it.
        more = String(oldest === upper ? oldest - 1 : oldest);
        break;
      }
      response = await getPage(ctx, pageUrl(page + 1), headers);
    }
    const newest = Math.max(Number(since ?? 0), Number(backlog?.newest ?? 0), ...hits.map((h) => num(h.created_at_i) ?? 0));
    return {
      notModified: false,
      items: hits.map(toItem),
      checkpoint: checkpointAfter(ctx, first, Boolean(backlog), more, newest > 0 ? String(newest) : undefined),
    };
  },
};
