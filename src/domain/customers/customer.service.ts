/** Customers: bulk upsert with LTV, MVC/core tiers over the whole base, and defection (at-risk) signals. */
import type { Config } from '../../../config/load-config.ts';
import { hashAuthor } from '../privacy/author-hash.ts';
import type { StoredFeedbackItem } from '../feedback/feedback.repository.ts';
import type { CustomerInput } from './customer.schemas.ts';
import { customerIdFor, type CustomerRepository, type LtvCursor, type StoredCustomer } from './customer.repository.ts';
import { detectDefection } from './defection.ts';
import type { DefectionSignalDoc, DefectionSignalRepository } from './defection-signal.repository.ts';
import { computeLtv } from './ltv.ts';
import { assignTiers, type TierAssignment } from './tiers.ts';

/** Called with customers whose tier, at-risk state or identities changed, so open cases can follow. */
export type CustomersChangedListener = (customers: StoredCustomer[]) => Promise<void>;

export interface UpsertOutcome {
  upserted: number;
  customers: StoredCustomer[];
  tiers: Omit<TierAssignment, 'mvc'> & { mvcCount: number; customerCount: number; share: number };
}

export class CustomerService {
  private readonly listeners: CustomersChangedListener[] = [];

  constructor(
    private readonly repo: CustomerRepository,
    private readonly signals: DefectionSignalRepository,
    private readonly config: Pick<Config, 'privacy' | 'triage'>,
  ) {}

  onChanged(listener: CustomersChangedListener): void {
    this.listeners.push(listener);
  }

  private async notify(customers: StoredCustomer[]): Promise<void> {
    if (customers.length === 0) return;
    for (const l of this.listeners) await l(customers);
  }

  /**
   * Hashes identities with the same salt as item authors, computes each LTV and the tiers over
   * every customer (in code, before writing, so each document is written once), writes the
   * upserted customers and any whose tier flipped, and applies defection signals already seen from
   * these identities. A later row with the same externalId wins within one call.
   */
  async upsert(inputs: CustomerInput[], now = new Date()): Promise<UpsertOutcome> {
    const byExternal = new Map<string, CustomerInput>();
    for (const input of inputs) byExternal.set(input.externalId, input);
    const existing = new Map((await this.repo.findByExternalIds([...byExternal.keys()])).map((c) => [c.externalId, c]));
    const rows: StoredCustomer[] = [...byExternal.values()].map((c) => {
      const figures = {
        price: c.price,
        cost: c.cost,
        purchasesPerYear: c.purchasesPerYear,
        years: c.years ?? this.config.triage.customerYears,
        acquisitionCost: c.acquisitionCost,
      };
      const identityHashes = [...new Set(c.identities.map((i) => hashAuthor(i, this.config.privacy.authorSalt)).filter((h): h is string => h !== null))];
      const before = existing.get(c.externalId);
      return {
        _id: before?._id ?? customerIdFor(c.externalId),
        externalId: c.externalId,
        identityHashes,
        figures,
        ltv: computeLtv(figures).value,
        tier: before?.tier ?? 'core',
        atRisk: before?.atRisk ?? false,
        atRiskReasons: before?.atRiskReasons ?? [],
        atRiskSince: before?.atRiskSince ?? null,
        atRiskClearedAt: before?.atRiskClearedAt ?? null,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
      };
    });

    // Tiers over the whole base, with this call's rows in place of their stored versions.
    const upserted = new Set(rows.map((r) => r.externalId));
    const table = (await this.repo.ltvTable()).filter((t) => !upserted.has(t.externalId));
    const assignment = assignTiers([...table, ...rows.map((r) => ({ id: String(r._id), externalId: r.externalId, ltv: r.ltv }))], this.config.triage.mvcLtvShare);
    const tierOf = (id: string) => (assignment.mvc.has(id) ? ('mvc' as const) : ('core' as const));
    for (const r of rows) r.tier = tierOf(String(r._id));
    const flipped = (await this.repo.findByIds(table.filter((t) => tierOf(t.id) !== t.tier).map((t) => t.id))).map((c) => ({ ...c, tier: tierOf(String(c._id)), updatedAt: now }));

    await this.repo.replaceMany([...rows, ...flipped], [...[...existing.values()].map((c) => c._id), ...flipped.map((c) => c._id)]);
    await this.repo.syncIdentities(rows);

    const signals = await this.signals.findByAuthors(rows.flatMap((c) => c.identityHashes));
    if (signals.length) await this.applySignals(signals, now, false);

    const ids = [...rows, ...flipped].map((c) => String(c._id));
    const affected = await this.repo.findByIds(ids);
    await this.notify(affected);
    const byId = new Map(affected.map((c) => [String(c._id), c]));
    return {
      upserted: rows.length,
      customers: rows.map((r) => byId.get(String(r._id)) ?? r),
      tiers: {
        share: this.config.triage.mvcLtvShare,
        customerCount: table.length + rows.length,
        mvcCount: assignment.mvc.size,
        totalLtv: assignment.totalLtv,
        mvcLtv: assignment.mvcLtv,
        cutoffLtv: assignment.cutoffLtv,
      },
    };
  }

  /**
   * Stored-items listener: records switching/cancelling language and marks the matching customer
   * at-risk. Signals from authors who are not (yet) customers are kept and applied when they are imported.
   */
  readonly onStoredItems = async (items: StoredFeedbackItem[]): Promise<void> => {
    const signals: DefectionSignalDoc[] = [];
    for (const item of items) {
      if (!item.authorHash) continue;
      for (const match of detectDefection(item.text)) {
        const itemId = String(item._id);
        signals.push({ _id: `${itemId}|${match.reason}`, itemId, authorHash: item.authorHash, reason: match.reason, phrase: match.phrase, publishedAt: item.publishedAt });
      }
    }
    if (signals.length === 0) return;
    await this.signals.record(signals);
    await this.applySignals(signals, new Date(), true);
  };

  private async applySignals(signals: DefectionSignalDoc[], now: Date, notify: boolean): Promise<StoredCustomer[]> {
    const byHash = await this.repo.findByIdentityHashes(signals.map((s) => s.authorHash));
    const perCustomer = new Map<string, { customer: StoredCustomer; signals: DefectionSignalDoc[] }>();
    for (const s of signals) {
      const customer = byHash.get(s.authorHash);
      if (!customer) continue;
      if (customer.atRiskClearedAt && s.publishedAt <= customer.atRiskClearedAt) continue;
      const entry = perCustomer.get(String(customer._id)) ?? { customer, signals: [] };
      entry.signals.push(s);
      perCustomer.set(String(customer._id), entry);
    }
    const changed: StoredCustomer[] = [];
    for (const { customer, signals: mine } of perCustomer.values()) {
      const reasons = mine.map((s) => ({ reason: s.reason, phrase: s.phrase, itemId: s.itemId, at: s.publishedAt }));
      if (await this.repo.addAtRiskReasons(customer, reasons, now)) changed.push(customer);
    }
    if (notify && changed.length) await this.notify(await this.repo.findByIds(changed.map((c) => String(c._id))));
    return changed;
  }

  /** The save queue: at-risk customers by LTV, highest first. */
  async listAtRisk(limit: number, cursor?: LtvCursor) {
    return this.repo.listAtRisk(limit, cursor);
  }

  async get(externalId: string): Promise<StoredCustomer | null> {
    return this.repo.findByExternalId(externalId);
  }

  /** An agent saved the customer (or the signal was wrong): clears at-risk and lets open cases follow. */
  async clearAtRisk(externalId: string, now = new Date()): Promise<StoredCustomer | null> {
    const c = await this.repo.findByExternalId(externalId);
    if (!c) return null;
    await this.repo.clearAtRisk(c._id, now);
    const [fresh] = await this.repo.findByIds([String(c._id)]);
    if (fresh) await this.notify([fresh]);
    return fresh ?? null;
  }
}

/** The API shape of a customer: LTV with its arithmetic, tier, at-risk reasons; identities only as a count. */
export function presentCustomer(c: StoredCustomer) {
  return {
    id: String(c._id),
    externalId: c.externalId,
    identities: c.identityHashes.length,
    ltv: computeLtv(c.figures),
    tier: c.tier,
    atRisk: c.atRisk,
    atRiskSince: c.atRiskSince,
    atRiskReasons: c.atRiskReasons,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
