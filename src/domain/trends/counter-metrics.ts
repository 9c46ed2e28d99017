/**
 * What one stored item adds to a trend counter, as flat numeric fields: FerretDB 1.24 sums
 * nested paths as 0, so every metric is a flat field and sums are done in code.
 */
import type { Classification } from '../classification/classification.types.ts';

export interface CountableItem {
  classification: Classification;
  rating?: number;
  nps?: number;
  reach?: number;
}

export type CounterFields = Record<string, number>;


/** `physical-environment` → `physical_environment`: metric names use underscores only. */
export const metricName = (s: string): string => s.replace(/-/g, '_');

/**
 * Whether the classifier scored the item (`scored`; for items classified before that flag: English,
 * or any confidence at all). A language it does not model comes out neutral with confidence 0: such
 * an item is counted as not scored (with its language), never as neutral.
 */
export const isScored = (c: Classification): boolean => c.scored ?? (c.language === 'en' || c.confidence > 0);

/** `unscored_es`: the counter of not-scored items in one language (`und` when unknown). */
export const unscoredLanguageField = (language: string): string => `unscored_${metricName(language.toLowerCase().replace(/[^a-z-]/g, '')) || 'und'}`;

export function itemIncrements(item: CountableItem): CounterFields {
  const c = item.classification;
  // Fields are added to one object (no spreads): this runs for every item of every batch.
  const inc = respondentIncrements(item);
  if (!isScored(c)) {
    inc.unscored = 1;
    inc[unscoredLanguageField(c.language)] = 1;
    return inc;
  }
  inc[`cat_${c.category}`] = 1;
  inc.sent_sum = c.sentiment.comparative;
  inc.sent_n = 1;
  inc[`sent_${c.sentiment.label}`] = 1;
  if (c.satisfaction) inc[`sat_${c.satisfaction}`] = 1;
  if (c.complaint) {
    const intent = metricName(c.complaint.intent);
    inc[`cmp_${intent}`] = 1;
    inc[`cmp_${c.complaint.blame}`] = 1;
    inc[`cmp_${intent}_${c.complaint.blame}`] = 1;
  }
  if (c.advocacy) inc.adv = 1;
  const promoter = item.nps !== undefined && item.nps >= 9;
  const detractor = item.nps !== undefined && item.nps <= 6;
  for (const aspect of c.aspects) {
    // Per-aspect sentiment and NPS parts, so aspect impact ("the score without this aspect") is a subtraction.
    const a = `asp_${metricName(aspect)}`;
    inc[a] = 1;
    if (c.sentiment.label === 'positive') inc[`${a}_pos`] = 1;
    if (c.sentiment.label === 'negative') inc[`${a}_neg`] = 1;
    if (c.category === 'complaint') inc[`${a}_cmp`] = 1;
    if (item.nps !== undefined) {
      inc[`${a}_nps_n`] = 1;
      if (promoter) inc[`${a}_nps_pro`] = 1;
      if (detractor) inc[`${a}_nps_det`] = 1;
    }
  }
  return inc;
}

/** What the author gave, whatever the classifier made of the text: the item, its rating, NPS answer and reach. */
function respondentIncrements(item: CountableItem): CounterFields {
  const inc: CounterFields = { n: 1, reach: (item.reach ?? 0) + 1 };
  if (item.rating !== undefined) {
    inc.rating_sum = item.rating;
    inc.rating_n = 1;
    if (item.rating >= 4) inc.rating_csat = 1;
  }
  if (item.nps !== undefined) {
    inc.nps_n = 1;
    inc.nps_sum = item.nps;
    if (item.nps >= 9) inc.nps_promoters = 1;
    else if (item.nps <= 6) inc.nps_detractors = 1;
  }
  return inc;
}

/** Adds `b` into `a` in place. */
export function addInto(a: CounterFields, b: CounterFields): CounterFields {
  // for…in rather than Object.entries: this runs per bucket and metric of every trend read.
  for (const k in b) a[k] = (a[k] ?? 0) + b[k]!;
  return a;
}
