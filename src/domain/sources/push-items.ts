/** Maps a survey tool's webhook body to items, by the push source's field mapping. */
import { date, isObject, num, str } from './connectors/connector-util.ts';
import type { FetchedItem } from './connectors/connector.types.ts';
import { getPath } from './connectors/json.connector.ts';
import type { PushSettings } from './connectors/push.connector.ts';

/** Responses in `body`: at `itemsPath`, or the body itself (an array, or one response). */
export function mapPushBody(body: unknown, settings: PushSettings, deliveryId: string): FetchedItem[] | null {
  const raw = settings.itemsPath ? getPath(body, settings.itemsPath) : body;
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : null;
  if (!list) return null;
  const f = settings.fields;
  const read = (entry: unknown, path?: string) => (path ? getPath(entry, path) : undefined);
  return list.map((entry, index) => {
    const text = read(entry, f.text);
    return {
      // Without an id field, the delivery id names the response: a redelivery keeps its id.
      externalId: str(read(entry, f.id)) ?? `${deliveryId}-${index}`,
      text: typeof text === 'string' ? text : '',
      author: str(read(entry, f.author)),
      url: str(read(entry, f.url)),
      rating: num(read(entry, f.rating)),
      nps: num(read(entry, f.nps)),
      publishedAt: date(read(entry, f.publishedAt)),
    };
  });
}
