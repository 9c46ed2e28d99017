import { Schema, type Connection, type Model } from 'mongoose';
import type { CommercialFigures } from './ltv.ts';
import type { ValueTier } from './tiers.ts';

export interface AtRiskReason {
  reason: string;
  phrase: string;
  itemId: string;
  at: Date;
}

export interface CustomerDoc {
  externalId: string;
  /** Salted hashes of the customer's e-mails and handles (`hashAuthor`), never the raw values. */
  identityHashes: string[];
  figures: CommercialFigures;
  ltv: number;
  tier: ValueTier;
  atRisk: boolean;
  atRiskReasons: AtRiskReason[];
  atRiskSince: Date | null;
  /** Signals published before this are settled (an agent cleared them) and do not mark the customer again. */
  atRiskClearedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Identity hash → customer: the lookup used for every item author; `_id` is the hash, so one identity maps to one customer. */
export interface CustomerIdentityDoc {
  _id: string;
  customerId: string;
}

const customerSchema = new Schema<CustomerDoc>(
  {
    externalId: { type: String, required: true },
    identityHashes: { type: [String], default: [] },
    figures: { type: Schema.Types.Mixed, required: true },
    ltv: { type: Number, required: true },
    tier: { type: String, required: true, default: 'core' },
    atRisk: { type: Boolean, default: false },
    atRiskReasons: { type: Schema.Types.Mixed, default: [] },
    atRiskSince: { type: Date, default: null },
    atRiskClearedAt: { type: Date, default: null },
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'customers', versionKey: false },
);
customerSchema.index({ externalId: 1 }, { unique: true });
customerSchema.index({ atRisk: 1, ltv: -1 });

const identitySchema = new Schema<CustomerIdentityDoc>(
  { _id: { type: String, required: true }, customerId: { type: String, required: true } },
  { collection: 'customer_identities', versionKey: false },
);
identitySchema.index({ customerId: 1 });

export function customerModel(connection: Connection): Model<CustomerDoc> {
  return (connection.models.Customer as Model<CustomerDoc> | undefined) ?? connection.model<CustomerDoc>('Customer', customerSchema);
}

export function customerIdentityModel(connection: Connection): Model<CustomerIdentityDoc> {
  return (
    (connection.models.CustomerIdentity as Model<CustomerIdentityDoc> | undefined) ??
    connection.model<CustomerIdentityDoc>('CustomerIdentity', identitySchema)
  );
}
