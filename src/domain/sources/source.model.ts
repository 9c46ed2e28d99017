import { Schema, type Connection, type Model } from 'mongoose';
import type { FeedbackKind } from '../classification/classification.types.ts';

export interface SourceCheckpoint {
  /** Most recent external ids seen, newest first, bounded: a poll only hands on what is new. */
  seenIds: string[];
  etag?: string;
  lastModified?: string;
  /** Connector-specific resume point (a since_id, a cursor). */
  cursor?: string;
}

export interface SourceHealth {
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  pausedReason: string | null;
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
  checkpoint: SourceCheckpoint;
  health: SourceHealth;
  createdAt: Date;
  updatedAt: Date;
}

const sourceSchema = new Schema<SourceDoc>(
  {
    name: { type: String, required: true },
    type: { type: String, required: true },
    url: { type: String, required: true },
    kind: { type: String, required: true },
    label: { type: String, required: true },
    pollIntervalSec: { type: Number, required: true },
    enabled: { type: Boolean, default: true },
    settings: { type: Schema.Types.Mixed, default: {} },
    checkpoint: { type: Schema.Types.Mixed, default: () => ({ seenIds: [] }) },
    health: {
      type: Schema.Types.Mixed,
      default: () => ({ lastPolledAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, pausedReason: null }),
    },
  },
  { collection: 'sources', versionKey: false, timestamps: true, minimize: false },
);

export function sourceModel(connection: Connection): Model<SourceDoc> {
  return (connection.models.Source as Model<SourceDoc> | undefined) ?? connection.model<SourceDoc>('Source', sourceSchema);
}
