/** Derived buzz and satisfaction figures from summed counters (pure: sums in, figures out). */
import { ASPECTS, type Aspect } from '../classification/classification.types.ts';
import { metricName, type CounterFields } from './counter-metrics.ts';

export const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
export const round = (x: number | null, digits = 3): number | null => (x === null ? null : Number(x.toFixed(digits)));
const pct = (num: number, den: number, digits = 1) => round(ratio(num * 100, den), digits);

/** Counts per category. `experience`: an account of an experience with a satisfaction level (the classifier's `satisfaction` category, dissatisfied ones included). */
export interface CategoryCounts {
  experience: number;
  complaint: number;
  advocacy: number;
  neutral: number;
  notScored: number;
}

/** Every figure of a range or bucket; the formulas and units are in docs/analytics.md. */
export interface Metrics {
  /** Items (mentions, reviews and survey answers alike). */
  volume: number;
  /** Items the classifier scored: the denominator of every sentiment ratio. */
  scored: number;
  /** Items in a language the classifier does not score, per language code. */
  notScored: { count: number; byLanguage: Record<string, number> };
  /** Items per hour over the hours the bucket or range covers. */
  velocity: number;
  /** Σ reach (likes, favourites) as the sources report it. */
  reach: number;
  /** Σ (1 + reach): every item counts once plus its audience. */
  reachWeightedVolume: number;
  /** Advocates, and their rate: percent of scored items. */
  advocacy: { count: number; rate: number | null };
  complaints: {
    count: number;
    /** Percent of scored items. */
    rate: number | null;
    /** Percent of complaints, per complaint type (intent and blame are two splits of the same complaints). */
    byType: { instrumental: number | null; nonInstrumental: number | null; ostensive: number | null; reflexive: number | null };
    counts: { instrumental: number; nonInstrumental: number; ostensive: number; reflexive: number };
  };
  categories: CategoryCounts;
  /** Percent positive minus percent negative of scored items, in points (−100…100). */
  netSentiment: number | null;
  /** Mean comparative sentiment score per scored item (score per word, about −1…1). */
  meanSentiment: number | null;
  satisfactionMix: { dissatisfied: number; satisfied: number; delighted: number };
  /** Percent of ratings that are 4 or 5, with the count of ratings and their mean (1–5 stars). */
  csat: { score: number | null; count: number; meanRating: number | null };
  /** Percent promoters minus percent detractors of NPS answers, in points (−100…100), with the mean answer (0–10). */
  nps: { score: number | null; count: number; promoters: number; detractors: number; meanAnswer: number | null };
}

export function deriveMetrics(s: CounterFields, hours: number): Metrics {
  const n = s.n ?? 0;
  const v = (k: string) => s[k] ?? 0;
  const npsN = v('nps_n');
  const unscored = v('unscored');
  const scored = n - unscored;
  const complaints = v('cat_complaint');
  const byLanguage: Record<string, number> = {};
  for (const k in s) if (k.startsWith('unscored_') && s[k]) byLanguage[k.slice(9)] = s[k]!;
  return {
    volume: n,
    scored,
    notScored: { count: unscored, byLanguage },
    velocity: Number((n / Math.max(1, hours)).toFixed(3)),
    reach: v('reach') - n,
    reachWeightedVolume: v('reach'),
    advocacy: { count: v('adv'), rate: pct(v('adv'), scored) },
    complaints: {
      count: complaints,
      rate: pct(complaints, scored),
      byType: {
        instrumental: pct(v('cmp_instrumental'), complaints),
        nonInstrumental: pct(v('cmp_non_instrumental'), complaints),
        ostensive: pct(v('cmp_ostensive'), complaints),
        reflexive: pct(v('cmp_reflexive'), complaints),
      },
      counts: {
        instrumental: v('cmp_instrumental'),
        nonInstrumental: v('cmp_non_instrumental'),
        ostensive: v('cmp_ostensive'),
        reflexive: v('cmp_reflexive'),
      },
    },
    categories: { experience: v('cat_satisfaction'), complaint: complaints, advocacy: v('cat_advocacy'), neutral: v('cat_neutral'), notScored: unscored },
    netSentiment: pct(v('sent_positive') - v('sent_negative'), scored),
    meanSentiment: round(ratio(v('sent_sum'), v('sent_n'))),
    satisfactionMix: { dissatisfied: v('sat_dissatisfied'), satisfied: v('sat_satisfied'), delighted: v('sat_delighted') },
    csat: { score: pct(v('rating_csat'), v('rating_n')), count: v('rating_n'), meanRating: round(ratio(v('rating_sum'), v('rating_n')), 2) },
    nps: {
      score: pct(v('nps_promoters') - v('nps_detractors'), npsN),
      count: npsN,
      promoters: v('nps_promoters'),
      detractors: v('nps_detractors'),
      meanAnswer: round(ratio(v('nps_sum'), npsN), 2),
    },
  };
}

export interface AspectFigures {
  aspect: Aspect;
  /** Items tagged with the aspect. */
  items: number;
  /** Percent of scored items. */
  share: number | null;
  complaints: number;
  netSentiment: number | null;
  nps: number | null;
  /**
   * How much this aspect moves the overall score: overall minus the score without this aspect's
   * items, in points. Negative: the aspect drags the score down — fix it first.
   */
  impact: { netSentiment: number | null; nps: number | null };
}

/** Per-aspect figures and impact, ranked by how much the aspect pulls net sentiment down. */
export function aspectImpact(s: CounterFields): AspectFigures[] {
  const v = (k: string) => s[k] ?? 0;
  const n = v('n') - v('unscored');
  const overallNet = ratio((v('sent_positive') - v('sent_negative')) * 100, n);
  const overallNps = ratio((v('nps_promoters') - v('nps_detractors')) * 100, v('nps_n'));
  const rows = ASPECTS.map((aspect): AspectFigures => {
    const a = `asp_${metricName(aspect)}`;
    const an = v(a);
    const withoutNet = ratio((v('sent_positive') - v(`${a}_pos`) - (v('sent_negative') - v(`${a}_neg`))) * 100, n - an);
    const withoutNps = ratio((v('nps_promoters') - v(`${a}_nps_pro`) - (v('nps_detractors') - v(`${a}_nps_det`))) * 100, v('nps_n') - v(`${a}_nps_n`));
    return {
      aspect,
      items: an,
      share: pct(an, n),
      complaints: v(`${a}_cmp`),
      netSentiment: pct(v(`${a}_pos`) - v(`${a}_neg`), an),
      nps: pct(v(`${a}_nps_pro`) - v(`${a}_nps_det`), v(`${a}_nps_n`)),
      impact: {
        netSentiment: an > 0 && overallNet !== null && withoutNet !== null ? round(overallNet - withoutNet, 1) : null,
        nps: v(`${a}_nps_n`) > 0 && overallNps !== null && withoutNps !== null ? round(overallNps - withoutNps, 1) : null,
      },
    };
  });
  return rows.sort((x, y) => (x.impact.netSentiment ?? 0) - (y.impact.netSentiment ?? 0) || y.items - x.items);
}

/** Change of a figure against its previous value: absolute and percent (null when undefined). */
export function change(current: number | null, previous: number | null): { value: number | null; previous: number | null; change: number | null; changePercent: number | null } {
  const delta = current !== null && previous !== null ? round(current - previous, 1) : null;
  const percent = current !== null && previous !== null && previous !== 0 ? round(((current - previous) / Math.abs(previous)) * 100, 1) : null;
  return { value: current, previous, change: delta, changePercent: percent };
}
