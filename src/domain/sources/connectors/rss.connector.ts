/** RSS 2.0 and Atom feeds (review sites, alerts, blogs). */
import { XMLParser } from 'fast-xml-parser';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { checkpointAfter, conditionalGet, getPage } from './conditional-get.ts';
import { joinTitle } from './connector-util.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';
import { headersSchema, resolveHeaders } from './secret-headers.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const settingsSchema = z
  .object({
    /** Request headers; credentials must name an env secret: `{"Authorization": "Bearer ${FEED_TOKEN}"}`. */
    headers: headersSchema,
    /** Pages followed through `<atom:link rel="next">` (RFC 5005 paged feeds). */
    maxPages: z.number().int().min(1).max(20).default(5),
  })
  .strict()
  .default({});

type Node = Record<string, unknown>;

const textOf = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']);
  return undefined;
};

function parseDate(v: unknown): Date | undefined {
  const s = textOf(v);
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function parseRating(v: unknown): number | undefined {
  const n = Number(textOf(v));
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
}

const join = (title: string | undefined, body: string | undefined): string => joinTitle(title && htmlToText(title), body && htmlToText(body));

function fallbackId(parts: Array<string | undefined>): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

function rssItem(item: Node): FetchedItem {
  const links = (item.link as unknown[] | undefined) ?? [];
  const link = textOf(links[0]);
  const title = textOf(item.title);
  const body = textOf(item.encoded) ?? textOf(item.description);
  return {
    externalId: textOf(item.guid) ?? link ?? fallbackId([title, body, textOf(item.pubDate)]),
    text: join(title, body),
    author: textOf(item.creator) ?? textOf(item.author),
    url: link,
    rating: parseRating(item.rating),
    publishedAt: parseDate(item.pubDate) ?? parseDate(item.date),
  };
}

function atomItem(entry: Node): FetchedItem {
  const links = (entry.link as Node[] | undefined) ?? [];
  const alternate = links.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? links[0];
  const author = entry.author as Node | undefined;
  const title = textOf(entry.title);
  const body = textOf(entry.content) ?? textOf(entry.summary);
  return {
    externalId: textOf(entry.id) ?? fallbackId([title, body, textOf(entry.updated)]),
    text: join(title, body),
    author: author ? textOf(author.name) : undefined,
    url: alternate ? (alternate['@href'] as string | undefined) : undefined,
    rating: parseRating(entry.rating),
    publishedAt: parseDate(entry.published) ?? parseDate(entry.updated),
  };
}

/** Parses an RSS 2.0 or Atom document into items; throws SourceFetchError when it is neither. */
export function parseFeed(xml: string): FetchedItem[] {
  return parseFeedPage(xml).items;
}

function nextLink(links: unknown): string | undefined {
  const list = Array.isArray(links) ? (links as unknown[]) : [];
  const next = list.find((l): l is Node => typeof l === 'object' && l !== null && (l as Node)['@rel'] === 'next');
  return next ? (next['@href'] as string | undefined) : undefined;
}

/** Items of one feed document and the URL of its next page, if it is a paged feed. */
export function parseFeedPage(xml: string): { items: FetchedItem[]; next?: string } {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    throw new SourceFetchError(`malformed feed: ${(err as Error).message}`);
  }
  const rss = doc.rss as Node | undefined;
  if (rss && typeof rss.channel === 'object') {
    const channel = rss.channel as Node;
    return { items: ((channel.item as Node[] | undefined) ?? []).map(rssItem), next: nextLink(channel.link) };
  }
  const feed = doc.feed as Node | undefined;
  if (feed && typeof feed === 'object') return { items: ((feed.entry as Node[] | undefined) ?? []).map(atomItem), next: nextLink(feed.link) };
  throw new SourceFetchError('malformed feed: neither RSS 2.0 nor Atom');
}

export const rssConnector: SourceConnector<z.infer<typeof settingsSchema>> = {
  type: 'rss',
  settingsSchema,
  async poll(source, ctx) {
    const headers = {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5',
      ...resolveHeaders(source.settings.headers, ctx.secrets),
    };
    const backlog = ctx.checkpoint.backlog;
    const first = backlog ? await getPage(ctx, backlog.next, headers) : await conditionalGet(ctx, source.url, headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const seen = new Set(ctx.checkpoint.seenIds);
    const items: FetchedItem[] = [];
    let response = first;
    let more: string | undefined;
    for (let page = 0; ; page++) {
      const parsed = parseFeedPage(response.body);
      items.push(...parsed.items);
      // A page already seen means the rest was read before; within a backlog, pages shift as entries arrive, so read on.
      const allSeen = !backlog && parsed.items.every((it) => seen.has(it.externalId));
      if (!parsed.next || parsed.items.length === 0 || allSeen) break;
      const next = new URL(parsed.next, response.url).href;
      if (items.length >= ctx.maxItems || page + 1 >= source.settings.maxPages) {
        more = next;
        break;
      }
      response = await getPage(ctx, next, headers);
    }
    return { notModified: false, items, checkpoint: checkpointAfter(ctx, first, Boolean(backlog), more, undefined) };
  },
};
