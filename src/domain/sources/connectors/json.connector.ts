/** Any JSON API: a mapping names the items array and the fields of each item. */
import { z } from 'zod';
import { htmlToText } from '../html-to-text.ts';
import { conditionalGet, validatorsOf } from './conditional-get.ts';
import { SourceFetchError, type FetchedItem, type SourceConnector } from './connector.types.ts';

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

export const jsonConnector: SourceConnector<JsonSourceSettings> = {
  type: 'json',
  settingsSchema,
  async poll(source, ctx) {
    const response = await conditionalGet(ctx.http, source.url, ctx.checkpoint, { accept: 'application/json' });
    if (!response) return { notModified: true, items: [], checkpoint: {} };
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch (err) {
      throw new SourceFetchError(`malformed JSON feed: ${(err as Error).message}`);
    }
    return { notModified: false, items: mapJsonItems(body, source.settings).slice(0, ctx.maxItems), checkpoint: validatorsOf(response) };
  },
};
