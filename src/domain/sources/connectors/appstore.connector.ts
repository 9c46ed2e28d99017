/**
 * Apple App Store customer reviews: `GET /{country}/rss/customerreviews/page={n}/id={app}/sortby=mostrecent/json`
 * (pages 1–10, newest first). Each entry has `im:rating` (stars) and `im:version` (app version);
 * a single entry arrives as an object, not an array. A poll stops at the first review older than
 * the checkpoint, or at its cap, leaving the next page as a backlog.
 */
import { z } from 'zod';
import { checkpointAfter, conditionalGet, getPage, parseJsonBody } from './conditional-get.ts';
import { baseUrl, date, isObject, joinTitle, num, str, type Json } from './connector-util.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';

const settingsSchema = z
  .object({
    appId: z.string().regex(/^\d{1,15}$/, 'the numeric App Store id'),
    country: z.string().regex(/^[a-z]{2}$/).default('us'),
    /** Pages read per poll; a backlog beyond them is read on by the next poll. */
    maxPages: z.number().int().min(1).max(10).default(10),
  })
  .strict();

export type AppStoreSettings = z.infer<typeof settingsSchema>;

/** Apple serves the newest 500 reviews, 50 a page: nothing lies beyond page 10. */
const LAST_PAGE = 10;

const label = (v: unknown): string | undefined => (isObject(v) ? str(v.label) : undefined);

function toItem(entry: Json, country: string): FetchedItem {
  const author = isObject(entry.author) ? entry.author : {};
  const link = isObject(entry.link) && isObject(entry.link.attributes) ? str(entry.link.attributes.href) : undefined;
  const version = label(entry['im:version']);
  return {
    externalId: label(entry.id) ?? '',
    text: joinTitle(label(entry.title), label(entry.content)),
    author: label(author.name),
    url: link,
    rating: num(label(entry['im:rating'])),
    reach: num(label(entry['im:voteCount'])),
    publishedAt: date(label(entry.updated)),
    meta: { ...(version ? { appVersion: version } : {}), country },
  };
}

export const appstoreConnector: SourceConnector<AppStoreSettings> = {
  type: 'appstore',
  settingsSchema,
  defaultUrl: 'https://itunes.apple.com',
  async poll(source, ctx) {
    const s = source.settings;
    const since = ctx.checkpoint.cursor ? Date.parse(ctx.checkpoint.cursor) : 0;
    const pageUrl = (n: number) => `${baseUrl(source.url)}/${s.country}/rss/customerreviews/page=${n}/id=${s.appId}/sortby=mostrecent/json`;
    const headers = { accept: 'application/json' };
    const backlog = ctx.checkpoint.backlog;
    // A backlog continues at its page: new reviews push older ones down, so a page is read again at worst, never skipped.
    const startPage = backlog ? Number(backlog.next) : 1;
    const first = backlog ? await getPage(ctx, pageUrl(startPage), headers) : await conditionalGet(ctx, pageUrl(1), headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const items: FetchedItem[] = [];
    let response = first;
    let more: string | undefined;
    for (let page = startPage; ; page++) {
      const body = parseJsonBody(response);
      const feed = isObject(body) && isObject(body.feed) ? body.feed : undefined;
      if (!feed) throw new SourceFetchError('malformed App Store feed: no feed object');
      const raw = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
      // Older feeds lead with the app itself: it has no rating.
      const batch = raw.filter(isObject).filter((e) => e['im:rating'] !== undefined).map((e) => toItem(e, s.country));
      // >=: `updated` has second precision, so a review of the checkpoint's own second may be new; seen ids drop the others.
      const fresh = batch.filter((b) => (b.publishedAt?.getTime() ?? 0) >= since);
      items.push(...fresh);
      const links = Array.isArray(feed.link) ? feed.link.filter(isObject) : [];
      const hasNext = links.some((l) => isObject(l.attributes) && l.attributes.rel === 'next' && str(l.attributes.href) !== undefined);
      if (batch.length === 0 || fresh.length < batch.length || !hasNext || page >= LAST_PAGE) break;
      if (page - startPage + 1 >= s.maxPages || items.length >= ctx.maxItems) {
        more = String(page + 1);
        break;
      }
      response = await getPage(ctx, pageUrl(page + 1), headers);
    }
    const newest = Math.max(since, Date.parse(backlog?.newest ?? '') || 0, ...items.map((i) => i.publishedAt?.getTime() ?? 0));
    return {
      notModified: false,
      items,
      checkpoint: checkpointAfter(ctx, first, Boolean(backlog), more, newest > 0 ? new Date(newest).toISOString() : undefined),
    };
  },
};
