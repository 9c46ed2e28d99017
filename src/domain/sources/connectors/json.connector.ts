/** Any JSON API: a mapping names the items array and the fields of each item. */
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { checkpointAfter, conditionalGet, getPage, parseJsonBody, parseLinkHeader } from './conditional-get.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';
import { headersSchema, resolveHeaders } from './secret-headers.ts';

const fieldPath = z.string().regex(/^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/, 'a dotted path such as data.items');

const settingsSchema = z
  .object({
    /** Dotted path to the items array; empty means the body is the array (or has `items`). */
    itemsPath: z.union([fieldPath, z.literal('')]).default(''),
    fields: z
      .object({
        id: fieldPath.default('id'),
        text: fieldPath.default('text'),
        publishedAt: fieldPath.default('created_at'),
        author: fieldPath.optional(),
        url: fieldPath.optional(),
        rating: fieldPath.optional(),
        nps: fieldPath.optional(),
        reach: fieldPath.optional(),
      })
      .strict()
      .default({}),
    /** Response text is HTML (e.g. Mastodon statuses). */
    html: z.boolean().default(false),
    /** How to reach the next (older) page; polling stops at a page whose items were all seen before. */
    pagination: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('none') }).strict(),
        /** The next page's URL, from a body field (`path`) or, without one, the Link header's rel="next". */
        z.object({ type: z.literal('next-link'), path: fieldPath.optional() }).strict(),
        /** An opaque cursor from the body field `path`, sent back as query parameter `param`. */
        z.object({ type: z.literal('cursor'), path: fieldPath, param: z.string().min(1).max(100).default('cursor') }).strict(),
        /** Numbered pages in query parameter `param`, from `start`. */
        z.object({ type: z.literal('page'), param: z.string().min(1).max(100).default('page'), start: z.number().int().min(0).default(1) }).strict(),
      ])
      .default({ type: 'none' }),
    maxPages: z.number().int().min(1).max(50).default(5),
    /** Request headers; credentials must name an env secret: `{"Authorization": "Bearer ${ACME_TOKEN}"}`. */
    headers: headersSchema,
  })
  .strict()
  .default({});

export type JsonSourceSettings = z.infer<typeof settingsSchema>;

export function getPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const asNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function asDate(v: unknown): Date | undefined {
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** Maps one JSON body to items; throws SourceFetchError when the items array is missing. */
export function mapJsonItems(body: unknown, settings: JsonSourceSettings): FetchedItem[] {
  const raw = settings.itemsPath
    ? getPath(body, settings.itemsPath)
    : Array.isArray(body)
      ? body
      : getPath(body, 'items');
  if (!Array.isArray(raw)) {
    throw new SourceFetchError(`malformed JSON feed: no array at "${settings.itemsPath || 'items'}"`);
  }
  const f = settings.fields;
  return raw.map((entry): FetchedItem => {
    const id = getPath(entry, f.id);
    const text = getPath(entry, f.text);
    const plain = typeof text === 'string' ? (settings.html ? htmlToText(text) : text) : '';
    const optionalString = (path?: string) => {
      const v = path ? getPath(entry, path) : undefined;
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    };
    return {
      externalId: typeof id === 'string' || typeof id === 'number' ? String(id) : '',
      text: plain,
      author: optionalString(f.author),
      url: optionalString(f.url),
      rating: f.rating ? asNumber(getPath(entry, f.rating)) : undefined,
      nps: f.nps ? asNumber(getPath(entry, f.nps)) : undefined,
      reach: f.reach ? asNumber(getPath(entry, f.reach)) : undefined,
      publishedAt: asDate(getPath(entry, f.publishedAt)),
    };
  });
}

function withParam(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.href;
}

export const jsonConnector: SourceConnector<JsonSourceSettings> = {
  type: 'json',
  settingsSchema,
  async poll(source, ctx) {
    const settings = source.settings;
    const headers = { accept: 'application/json', ...resolveHeaders(settings.headers, ctx.secrets) };
    const backlog = ctx.checkpoint.backlog;
    const first = backlog ? await getPage(ctx, backlog.next, headers) : await conditionalGet(ctx, source.url, headers);
    if (!first) return { notModified: true, items: [], checkpoint: {} };
    const seen = new Set(ctx.checkpoint.seenIds);
    const items: FetchedItem[] = [];
    let response = first;
    let more: string | undefined;
    const p = settings.pagination;
    // Numbered pages count on from the page a backlog stopped before.
    const firstPage = backlog && p.type === 'page' ? Number(new URL(backlog.next).searchParams.get(p.param)) - p.start : 0;
    for (let page = firstPage; ; page++) {
      const body = parseJsonBody(response);
      const pageItems = mapJsonItems(body, settings);
      items.push(...pageItems);
      // A page already seen means the rest was read before; within a backlog, pages shift as items arrive, so read on.
      const allSeen = !backlog && pageItems.every((it) => seen.has(it.externalId));
      if (p.type === 'none' || pageItems.length === 0 || allSeen) break;
      let next: string | undefined;
      if (p.type === 'next-link') {
        const link = p.path ? getPath(body, p.path) : parseLinkHeader(response.headers.link, response.url).next;
        next = typeof link === 'string' && link ? new URL(link, response.url).href : undefined;
      } else if (p.type === 'cursor') {
        const cursor = getPath(body, p.path);
        next = typeof cursor === 'string' || typeof cursor === 'number' ? withParam(source.url, p.param, String(cursor)) : undefined;
      } else {
        next = withParam(source.url, p.param, String(p.start + page + 1));
      }
      if (!next) break;
      if (items.length >= ctx.maxItems || page - firstPage + 1 >= settings.maxPages) {
        more = next;
        break;
      }
      response = await getPage(ctx, next, headers);
    }
    return { notModified: false, items, checkpoint: checkpointAfter(ctx, first, Boolean(backlog), more, undefined) };
  },
};
