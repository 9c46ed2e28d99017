/** The registry of source types: adding a connector means adding it here. */
import { appstoreConnector } from './appstore.connector.ts';
import { blueskyConnector } from './bluesky.connector.ts';
import type { SourceConnector } from './connector.types.ts';
import { hackernewsConnector } from './hackernews.connector.ts';
import { jsonConnector } from './json.connector.ts';
import { mastodonConnector } from './mastodon.connector.ts';
import { pushConnector } from './push.connector.ts';
import { redditConnector } from './reddit.connector.ts';
import { rssConnector } from './rss.connector.ts';
import { typeformConnector } from './typeform.connector.ts';

export const CONNECTORS = {
  rss: rssConnector,
  json: jsonConnector,
  mastodon: mastodonConnector,
  bluesky: blueskyConnector,
  hackernews: hackernewsConnector,
  reddit: redditConnector,
  appstore: appstoreConnector,
  push: pushConnector,
  typeform: typeformConnector,
} satisfies Record<string, SourceConnector<unknown>>;

export type SourceType = keyof typeof CONNECTORS;
export const SOURCE_TYPES = Object.keys(CONNECTORS) as [SourceType, ...SourceType[]];

export function connectorFor(type: SourceType): SourceConnector<unknown> {
  return CONNECTORS[type] as unknown as SourceConnector<unknown>;
}

/** Whether the scheduler polls sources of this type (push sources only receive). */
export const isPolled = (type: string): boolean => (CONNECTORS as unknown as Record<string, SourceConnector<unknown> | undefined>)[type]?.polled !== false;
