import type { z } from 'zod';
import type { HttpClient } from '../../../infra/http/http-client.ts';
import type { SourceCheckpoint } from '../source.model.ts';

/** A raw item as a connector reads it; validated against incomingItemSchema before queueing. */
export interface FetchedItem {
  externalId: string;
  text: string;
  author?: string;
  url?: string;
  rating?: number;
  nps?: number;
  /** Engagement where the source has it (likes + reposts + replies, points, helpful votes). */
  reach?: number;
  publishedAt?: Date;
  /** Small source-specific facts worth keeping (an app version, a subreddit). */
  meta?: Record<string, string>;
}

export interface ConnectorContext {
  http: HttpClient;
  checkpoint: SourceCheckpoint;
  /**
   * Items after which a poll stops at the end of its page (so it may return up to a page more).
   * A later poll that stops there leaves a `backlog` and the next poll reads on from it; the first
   * poll of a source does not: its backfill is bounded.
   */
  maxItems: number;
  /** Values of EARSHOT_SECRET_<NAME> by NAME, for settings that name a secret. */
  secrets: Record<string, string>;
  /** The source's id: requests of one source are spaced by the per-source rate limit. */
  rateKey: string;
}

export interface PollResult {
  /** true when the source answered 304 Not Modified. */
  notModified: boolean;
  items: FetchedItem[];
  /** Checkpoint fields to store after the items are safely queued. */
  checkpoint: Partial<SourceCheckpoint>;
}

export interface SourceConnector<Settings = unknown> {
  readonly type: string;
  readonly settingsSchema: z.ZodType<Settings, z.ZodTypeDef, unknown>;
  /** The public endpoint used when a source is created without a URL. */
  readonly defaultUrl?: string;
  /** Push-only sources (webhooks, imports) are never polled. */
  readonly polled?: boolean;
  poll(source: { url: string; settings: Settings }, ctx: ConnectorContext): Promise<PollResult>;
}

/** A new source has no resume point and has seen nothing: its first poll is a bounded backfill. */
export const isFirstPoll = (checkpoint: SourceCheckpoint): boolean => !checkpoint.cursor && !checkpoint.backlog && checkpoint.seenIds.length === 0;

/** A source answered with something we cannot use (bad status, malformed body): recorded on the source. */
export class SourceFetchError extends Error {
  override name = 'SourceFetchError';
}
