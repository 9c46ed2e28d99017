import { Schema, type Connection, type Model } from 'mongoose';
import type { Classification, FeedbackKind } from '../classification/classification.types.ts';
import type { DuplicateReason } from './fingerprint.ts';

export interface FeedbackItemDoc {
  sourceId: string;
  label: string;
  kind: FeedbackKind;
  externalId: string;
  url?: string;
  authorHash: string | null;
  /** PII-redacted text. */
  text: string;
  rating?: number;
  nps?: number;
  reach?: number;
  language: string;
  publishedAt: Date;
  ingestedAt: Date;
  /** UTC bucket keys, written once so trends never need date operators. */
  hour: string;
  day: string;
  week: string;
  classification: Classification;
  modelVersion: string;
  /** Key of the batch that stored the item: a redelivered batch counts exactly the items it stored. */
  insertedBy?: string;
  /** Normalised text within its scope (label, scores, and the author of reviews and responses; see fingerprint.ts); null when never matched. */
  fingerprint?: string | null;
  /** The id of the first stored item with the same fingerprint: this one is a cross-post, repost or resent response, and buzz counts it once. */
  duplicateOf?: string | null;
  /** Why it is a duplicate: the rule of its kind that matched (`cross-post`, `same-review`, `same-response`). */
  duplicateReason?: DuplicateReason | null;
  /** Small source-specific facts (an app version, a subreddit). */
  meta?: Record<string, string>;
}

const feedbackItemSchema = new Schema<FeedbackItemDoc>(
  {
    sourceId: { type: String, required: true },
    label: { type: String, required: true },
    kind: { type: String, required: true },
    externalId: { type: String, required: true },
    url: String,
    authorHash: { type: String, default: null },
    text: { type: String, required: true },
    rating: Number,
    nps: Number,
    reach: Number,
    language: String,
    publishedAt: { type: Date, required: true },
    ingestedAt: { type: Date, required: true },
    hour: { type: String, required: true },
    day: { type: String, required: true },
    week: { type: String, required: true },
    classification: { type: Schema.Types.Mixed, required: true },
    modelVersion: String,
    insertedBy: String,
    fingerprint: { type: String, default: null },
    duplicateOf: { type: String, default: null },
    duplicateReason: { type: String, default: null },
    meta: { type: Schema.Types.Mixed },
  },
  { collection: 'feedback_items', versionKey: false },
);

feedbackItemSchema.index({ sourceId: 1, externalId: 1 }, { unique: true });
feedbackItemSchema.index({ publishedAt: -1, _id: -1 });
feedbackItemSchema.index({ day: 1 });
feedbackItemSchema.index({ authorHash: 1 });

export function feedbackItemModel(connection: Connection): Model<FeedbackItemDoc> {
  return (connection.models.FeedbackItem as Model<FeedbackItemDoc> | undefined) ?? connection.model<FeedbackItemDoc>('FeedbackItem', feedbackItemSchema);
}
