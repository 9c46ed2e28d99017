/** The registry of source types: adding a connector means adding it here. */
import type { SourceConnector } from './connector.types.ts';
import { jsonConnector } from './json.connector.ts';
import { rssConnector } from './rss.connector.ts';

export const CONNECTORS = {
  rss: rssConnector,
  json: jsonConnector,
} satisfies Record<string, SourceConnector<unknown>>;

export type SourceType = keyof typeof CONNECTORS;
export const SOURCE_TYPES = Object.keys(CONNECTORS) as [SourceType, ...SourceType[]];

export function connectorFor(type: SourceType): SourceConnector<unknown> {
  return CONNECTORS[type] as SourceConnector<unknown>;
}
