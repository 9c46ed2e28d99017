import { Schema, type Connection, type Model } from 'mongoose';
import type { FeedbackKind } from '../classification/classification.types.ts';

export interface SourceCheckpoint {
  /** Most recent external ids seen, newest first, bounded: a poll only hands on what is new. */
  seenIds: string[];
  etag?: string;
  lastModified?: string;
  /** Connector-specific resume point (a since_id, a cursor). */
  cursor?: string;
  /** Set when a poll stopped at its cap with more to read: the next poll continues there first. */
  backlog?: Backlog | null;
}

/**
 * The rest of a backlog bigger than one poll: `next` is where reading continues (a page URL, an
 * API cursor, a page number or a time bound, per connector) and `newest` the resume point
 * (`cursor`) to adopt once the backlog is read to its end.
 */
export interface Backlog {
  next: string;
  newest?: string;
}

export interface SourceHealth {
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  pausedReason: string | null;
  /** Scheduled polls are skipped until then: backoff after failures, or a source's Retry-After. */
  nextPollAfter?: Date | null;
}

export interface SourceStats {
  /** Items handed on for classification (new, valid, not excluded). */
  received: number;
  /** Items dropped by the include/exclude keyword lists. */
  excluded: number;
  /** Items the source sent that failed validation. */
  invalid: number;
  /** Received items per UTC hour ("YYYYMMDDHH"), the last two days only: health's items in the last 24 h. */
  receivedByHour: Record<string, number>;
}

/** AES-256-GCM ciphertext of a secret Earshot must be able to read back (webhook signing secrets). */
export interface EncryptedSecret {
  iv: string;
  tag: string;
  data: string;
}

export interface SourceDoc {
  name: string;
  type: string;
  url: string;
  kind: FeedbackKind;
  label: string;
  pollIntervalSec: number;
  enabled: boolean;
  settings: Record<string, unknown>;
  /** Keyword lists applied before classification: an item must match one `include` (when any) and no `exclude`. */
  include: string[];
  exclude: string[];
  checkpoint: SourceCheckpoint;
  health: SourceHealth;
  stats: SourceStats;
  /** Encrypted with EARSHOT_SECRETS_KEY; never returned by the API after it is first shown. */
  webhookSecret?: EncryptedSecret | null;
  createdAt: Date;
  updatedAt: Date;
}

const sourceSchema = new Schema<SourceDoc>(
  {
    name: { type: String, required: true },
    type: { type: String, required: true },
    // Push sources (webhooks, imports) have no URL.
    url: { type: String, default: '' },
    kind: { type: String, required: true },
    label: { type: String, required: true },
    pollIntervalSec: { type: Number, required: true },
    enabled: { type: Boolean, default: true },
    settings: { type: Schema.Types.Mixed, default: {} },
    include: { type: [String], default: [] },
    exclude: { type: [String], default: [] },
    checkpoint: { type: Schema.Types.Mixed, default: () => ({ seenIds: [] }) },
    health: {
      type: Schema.Types.Mixed,
      default: () => ({ lastPolledAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, pausedReason: null, nextPollAfter: null }),
    },
    stats: { type: Schema.Types.Mixed, default: () => ({ received: 0, excluded: 0, invalid: 0, receivedByHour: {} }) },
    webhookSecret: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'sources', versionKey: false, timestamps: true, minimize: false },
);

export function sourceModel(connection: Connection): Model<SourceDoc> {
  return (connection.models.Source as Model<SourceDoc> | undefined) ?? connection.model<SourceDoc>('Source', sourceSchema);
}
