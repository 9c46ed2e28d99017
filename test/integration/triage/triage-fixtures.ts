/**
 * Stores items with known labels through the real repositories and the real triage listeners —
 * the same storeAndCount step as ingestBatch (insert → listeners → counters), with the
 * classification given instead of computed, so ranking tests do not depend on the model.
 */
import type { Classification, ComplaintBlame, ComplaintIntent } from '../../../src/domain/classification/classification.types.ts';
import type { FeedbackItemDoc } from '../../../src/domain/feedback/feedback-item.model.ts';
import { itemFingerprint } from '../../../src/domain/feedback/fingerprint.ts';
import { itemIdFor, storeAndCount } from '../../../src/domain/feedback/ingest-batch.service.ts';
import type { StoredFeedbackItem } from '../../../src/domain/feedback/feedback.repository.ts';
import { hashAuthor } from '../../../src/domain/privacy/author-hash.ts';
import { dayKey, hourKey, isoWeekKey } from '../../../src/domain/trends/buckets.ts';
import type { Container } from '../../../src/app/compose.ts';

import { labels } from '../../support/classification.ts';

export { labels };

export function complaint(intent: ComplaintIntent, blame: ComplaintBlame = 'ostensive', comparative = -0.15, aspects: Classification['aspects'] = ['product']): Classification {
  return labels({
    category: 'complaint',
    complaint: { intent, blame },
    satisfaction: 'dissatisfied',
    sentiment: { score: -3, comparative, label: 'negative' },
    aspects,
  });
}

export const satisfied = () => labels({ category: 'satisfaction', satisfaction: 'satisfied', sentiment: { score: 3, comparative: 0.3, label: 'positive' } });
export const delightedAdvocate = () =>
  labels({ category: 'advocacy', satisfaction: 'delighted', advocacy: true, sentiment: { score: 5, comparative: 0.5, label: 'positive' } });

export interface FixtureItem {
  externalId: string;
  classification: Classification;
  publishedAt: Date;
  author?: string;
  text?: string;
  reach?: number;
  rating?: number;
  sourceId?: string;
  kind?: FeedbackItemDoc['kind'];
  /** Claim the text's fingerprint as ingest does (a later item with the same text is stored as its duplicate). */
  fingerprinted?: boolean;
}

export async function storeItems(c: Container, items: FixtureItem[]): Promise<Map<string, StoredFeedbackItem>> {
  const bySource = new Map<string, FixtureItem[]>();
  for (const i of items) bySource.set(i.sourceId ?? 'fixture', [...(bySource.get(i.sourceId ?? 'fixture') ?? []), i]);
  const out = new Map<string, StoredFeedbackItem>();
  for (const [sourceId, group] of bySource) {
    const docs: FeedbackItemDoc[] = group.map((i) => ({
      sourceId,
      label: 'acme',
      kind: i.kind ?? 'mention',
      externalId: i.externalId,
      authorHash: hashAuthor(i.author, c.config.privacy.authorSalt),
      text: i.text ?? `fixture ${i.externalId}`,
      ...(i.rating !== undefined ? { rating: i.rating } : {}),
      ...(i.reach !== undefined ? { reach: i.reach } : {}),
      language: 'en',
      publishedAt: i.publishedAt,
      ingestedAt: new Date(),
      hour: hourKey(i.publishedAt),
      day: dayKey(i.publishedAt),
      week: isoWeekKey(i.publishedAt),
      classification: i.classification,
      modelVersion: 'fixture',
      ...(i.fingerprinted
        ? { fingerprint: itemFingerprint({ text: i.text ?? `fixture ${i.externalId}`, label: 'acme', kind: i.kind ?? 'mention', authorHash: hashAuthor(i.author, c.config.privacy.authorSalt), rating: i.rating }) }
        : {}),
    }));
    const batchKey = `fixture|${sourceId}|${docs.map((d) => d.externalId).join(',')}`;
    await storeAndCount({ feedback: c.repos.feedback, counters: c.repos.counters, onStored: c.triage.listeners }, batchKey, docs);
    for (const d of await c.repos.feedback.findByIds(docs.map((d) => itemIdFor(d.sourceId, d.externalId)))) out.set(d.externalId, d);
  }
  return out;
}

export const hoursBefore = (now: Date, h: number) => new Date(now.getTime() - h * 3_600_000);

/** Customers whose LTV is `price × 10` (cost 0, one purchase a year, the default 10 years, no acquisition cost). */
export function customerWithLtv(externalId: string, ltv: number, identities: string[] = []) {
  return { externalId, identities, price: ltv / 10, cost: 0, purchasesPerYear: 1 };
}
