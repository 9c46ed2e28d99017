/** Customers: bulk upsert with LTV, MVC/core tiers over the whole base, and defection (at-risk) signals. */
import type { Config } from '../../../config/load-config.ts';
import { hashAuthor } from '../privacy/author-hash.ts';
import type { StoredFeedbackItem } from '../feedback/feedback.repository.ts';
import type { CustomerInput } from './customer.schemas.ts';
import type { CustomerRepository, LtvCursor, StoredCustomer } from './customer.repository.ts';
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
   * Hashes identities with the same salt as item authors, computes each LTV, upserts, recomputes
   * tiers over every customer, and applies defection signals already seen from these identities.
   * A later row with the same externalId wins within one call.
   */
  async upsert(inputs: CustomerInput[], now = new Date()): Promise<UpsertOutcome> {
    const byId = new Map<string, CustomerInput>();
    for (const input of inputs) byId.set(input.externalId, input);
    const rows = [...byId.values()].map((c) => {
      const figures = {
        price: c.price,
        cost: c.cost,
        purchasesPerYear: c.purchasesPerYear,
        years: c.years ?? this.config.triage.customerYears,
        acquisitionCost: c.acquisitionCost,
      };
      const identityHashes = [...new Set(c.identities.map((i) => hashAuthor(i, this.config.privacy.authorSalt)).filter((h): h is string => h !== null))];
      return { externalId: c.externalId, identityHashes, figures, ltv: computeLtv(figures).value };
    });
    const stored = await this.repo.upsertMany(rows, now);
    const { changed, assignment, count } = await this.recomputeTiers(now);

    const signals = await this.signals.findByAuthors(stored.flatMap((c) => c.identityHashes));
    if (signals.length) await this.applySignals(signals, now, false);

    const affected = new Map<string, StoredCustomer>();
    for (const c of await this.repo.findByIds([...stored.map((c) => String(c._id)), ...changed])) affected.set(String(c._id), c);
    await this.notify([...affected.values()]);
    const refreshed = await this.repo.findByIds(stored.map((c) => String(c._id)));
    return {
      upserted: stored.length,
      customers: refreshed,
      tiers: {
        share: this.config.triage.mvcLtvShare,
        customerCount: count,
        mvcCount: assignment.mvc.size,
        totalLtv: assignment.totalLtv,
        mvcLtv: assignment.mvcLtv,
        cutoffLtv: assignment.cutoffLtv,
      },
    };
  }

  /** Recomputes MVC over all customers; returns the ids whose tier changed. */
  async recomputeTiers(now = new Date()): Promise<{ changed: string[]; assignment: TierAssignment; count: number }> {
    const table = await this.repo.ltvTable();
    const assignment = assignTiers(table, this.config.triage.mvcLtvShare);
    const changes = table
      .map((c) => ({ id: c.id, tier: assignment.mvc.has(c.id) ? ('mvc' as const) : ('core' as const), was: c.tier }))
      .filter((c) => c.tier !== c.was);
    await this.repo.setTiers(changes, now);
    return { changed: changes.map((c) => c.id), assignment, count: table.length };
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
