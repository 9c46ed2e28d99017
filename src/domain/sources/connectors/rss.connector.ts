/** RSS 2.0 and Atom feeds (review sites, alerts, blogs). */
import { XMLParser } from 'fast-xml-parser';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { conditionalGet, validatorsOf } from './conditional-get.ts';
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

function join(title: string | undefined, body: string | undefined): string {
  const t = title ? htmlToText(title) : '';
  const b = body ? htmlToText(body) : '';
  if (!t) return b;
  if (!b || b.startsWith(t)) return b || t;
  return `${t}. ${b}`;
}

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
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    throw new SourceFetchError(`malformed feed: ${(err as Error).message}`);
  }
  const rss = doc.rss as Node | undefined;
  if (rss && typeof rss.channel === 'object') {
    return (((rss.channel as Node).item as Node[] | undefined) ?? []).map(rssItem);
  }
  const feed = doc.feed as Node | undefined;
  if (feed && typeof feed === 'object') return ((feed.entry as Node[] | undefined) ?? []).map(atomItem);
  throw new SourceFetchError('malformed feed: neither RSS 2.0 nor Atom');
}

export const rssConnector: SourceConnector<z.infer<typeof settingsSchema>> = {
  type: 'rss',
  settingsSchema,
  async poll(source, ctx) {
    const response = await conditionalGet(ctx, source.url, {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5',
      ...resolveHeaders(source.settings.headers, ctx.secrets),
    });
    if (!response) return { notModified: true, items: [], checkpoint: {} };
    return { notModified: false, items: parseFeed(response.body).slice(0, ctx.maxItems), checkpoint: validatorsOf(response) };
  },
};
