import { Schema, type Connection, type Model } from 'mongoose';
import type { ComplaintBlame, ComplaintIntent, FeedbackKind } from '../classification/classification.types.ts';
import type { CustomerTier } from '../customers/tiers.ts';

export const CASE_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Who the system is in audit trails. */
export const SYSTEM_ACTOR = 'system';

/** One line of a case's audit trail: who (API key id, or `system`) did what, when. */
export interface CaseEvent {
  at: Date;
  by: string;
  action: 'opened' | 'status' | 'assign' | 'note' | 'reclassified' | 'customer';
  from?: string | null;
  to?: string | null;
  text?: string;
}

export interface CaseNote {
  at: Date;
  by: string;
  text: string;
}

export interface CaseDoc {
  /** The complaint item this case was opened for: one case per item. */
  itemId: string;
  sourceId: string;
  label: string;
  kind: FeedbackKind;
  authorHash: string | null;
  customerId: string | null;
  customerExternalId: string | null;
  tier: CustomerTier;
  atRisk: boolean;
  intent: ComplaintIntent;
  blame: ComplaintBlame;
  /** Reflexive complaints (the customer blames themselves) point at an information or usability gap. */
  education: boolean;
  aspects: string[];
  reach: number;
  /** The item's comparative sentiment (negative = unhappy). */
  sentiment: number;
  /** Complaints by the same author in the 90 days before this one, counted when the case opened. */
  earlierComplaints?: number;
  /** The item's PII-redacted text, so the queue reads without a join. */
  text: string;
  status: CaseStatus;
  assignee: string | null;
  notes: CaseNote[];
  history: CaseEvent[];
  publishedAt: Date;
  openedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  dismissedAt: Date | null;
  updatedAt: Date;
  /**
   * Bumped by every write after the opening (absent: 0): tells the Redis copy of the active cases
   * (active-cases.mirror.ts) which of two versions of a case is newer.
   */
  rev?: number;
}

const caseSchema = new Schema<CaseDoc>(
  {
    itemId: { type: String, required: true },
    sourceId: String,
    label: String,
    kind: String,
    authorHash: { type: String, default: null },
    customerId: { type: String, default: null },
    customerExternalId: { type: String, default: null },
    tier: String,
    atRisk: Boolean,
    intent: String,
    blame: String,
    education: Boolean,
    aspects: [String],
    reach: Number,
    sentiment: Number,
    earlierComplaints: Number,
    text: String,
    status: String,
    assignee: { type: String, default: null },
    notes: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    publishedAt: Date,
    openedAt: Date,
    acknowledgedAt: Date,
    resolvedAt: Date,
    dismissedAt: Date,
    updatedAt: Date,
    rev: Number,
  },
  { collection: 'cases', versionKey: false },
);
// No index on itemId: the case `_id` is derived from it (case.repository.ts caseIdFor).
caseSchema.index({ status: 1 });
caseSchema.index({ authorHash: 1 });

export function caseModel(connection: Connection): Model<CaseDoc> {
  return (connection.models.Case as Model<CaseDoc> | undefined) ?? connection.model<CaseDoc>('Case', caseSchema);
}
