/**
 * Bluesky: `app.bsky.feed.searchPosts` on a public AppView (`sort=latest`, `cursor` pages back in
 * time). The checkpoint keeps the newest post's sort time and later polls pass it as `since`
 * (inclusive: seen ids drop the overlap); a poll that stops at its cap leaves the page cursor as a backlog.
 */
import { z } from 'zod';
import { checkpointAfter, conditionalGet, getPage, parseJsonBody } from './conditional-get.ts';
import { baseUrl, date, isObject, str, sumCounts, type Json } from './connector-util.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';
import { headersSchema, resolveHeaders } from './secret-headers.ts';

const settingsSchema = z
  .object({
    query: z.string().trim().min(1).max(500),
    lang: z.string().regex(/^[a-z]{2,3}$/).optional(),
    limit: z.number().int().min(1).max(100).default(100),
    maxPages: z.number().int().min(1).max(25).default(5),
    /** Keep the author's handle in item URLs; by default the permalink names the post by its DID, as its id does. */
    publicAuthorUrls: z.boolean().default(false),
    headers: headersSchema,
  })
  .strict();

export type BlueskySettings = z.infer<typeof settingsSchema>;

function toItem(post: Json, publicAuthorUrls: boolean): FetchedItem & { sortAt?: string } {
  const author = isObject(post.author) ? post.author : {};
  const record = isObject(post.record) ? post.record : {};
  const uri = str(post.uri) ?? '';
  const handle = str(author.handle);
  // at://<did>/app.bsky.feed.post/<rkey>
  const [, did, , rkey] = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri) ?? [];
  const profile = publicAuthorUrls ? handle : did;
  const created = date(record.createdAt);
  const indexed = date(post.indexedAt);
  // searchPosts' `since` compares with sortAt, the earlier of createdAt and indexedAt.
  const sortAt = [created, indexed].filter((d): d is Date => Boolean(d)).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    externalId: uri,
    text: str(record.text) ?? '',
    author: handle,
    url: profile && rkey ? `https://bsky.app/profile/${profile}/post/${rkey}` : undefined,
    reach: sumCounts(post.likeCount, post.repostCount, post.replyCount, post.quoteCount),
    publishedAt: created ?? indexed,
    sortAt: sortAt?.toISOString(),
  };
}

export const blueskyConnector: SourceConnector<BlueskySettings> = {
  type: 'bluesky',
  settingsSchema,
  defaultUrl: 'https://public.api.bsky.app',
  async poll(source, ctx) {
    const s = source.settings;
    const headers = { accept: 'application/json', ...resolveHeaders(s.headers, ctx.secrets) };
    const since = ctx.checkpoint.cursor;
    const start = new URL(`${baseUrl(source.url)}/xrpc/app.bsky.feed.searchPosts`);
    start.searchParams.set('q', s.query);
    start.searchParams.set('sort', 'latest');
    start.searchParams.set('limit', String(s.limit));
    if (s.lang) start.searchParams.set('lang', s.lang);
    if (since) start.searchParams.set('since', since);

    const backlog = ctx.checkpoint.backlog;
    const withCursor = (cursor: string) => {
      const u = new URL(start.href);
      u.searchParams.set('cursor', cursor);
      return u.href;
    };
    // A backlog continues from its page cursor under the same `since`, before anything newer.
    const first = backlog ? await getPage(ctx, withCursor(backlog.next), headers) : await conditionalGet(ctx, start.href, headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const items: Array<ReturnType<typeof toItem>> = [];
    let response = first;
    let more: string | undefined;
    for (let page = 0; ; page++) {
      const body = parseJsonBody(response);
      if (!isObject(body) || !Array.isArray(body.posts)) throw new SourceFetchError('malformed searchPosts response: no posts array');
      const batch = body.posts.filter(isObject).map((p) => toItem(p, s.publicAuthorUrls));
      items.push(...batch);
      const cursor = str(body.cursor);
      if (!cursor || batch.length === 0) break;
      if (items.length >= ctx.maxItems || page + 1 >= s.maxPages) {
        more = cursor;
        break;
      }
      response = await getPage(ctx, withCursor(cursor), headers);
    }
    const newest = items.map((i) => i.sortAt).concat([since, backlog?.newest]).filter((v): v is string => Boolean(v)).sort().pop();
    return {
      notModified: false,
      items: items.map(({ sortAt: _sortAt, ...item }) => item),
      checkpoint: checkpointAfter(ctx, first, Boolean(backlog), more, newest),
    };
  },
};
