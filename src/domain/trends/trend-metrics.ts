/** Derived buzz and satisfaction figures from summed counters (pure: sums in, figures out). */
import { ASPECTS, type Aspect } from '../classification/classification.types.ts';
import { metricName, type CounterFields } from './counter-metrics.ts';

export const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
export const round = (x: number | null, digits = 3): number | null => (x === null ? null : Number(x.toFixed(digits)));
const pct = (num: number, den: number, digits = 1) => round(ratio(num * 100, den), digits);

export interface Metrics {
  volume: number;
  /** Items per hour over the bucket or range. */
  velocity: number;
  reachWeighted: number;
  advocacy: { count: number; share: number | null };
  complaints: {
    count: number;
    share: number | null;
    /** Share of all items, per complaint type (percent). */
    byType: { instrumental: number | null; nonInstrumental: number | null; ostensive: number | null; reflexive: number | null };
    counts: { instrumental: number; nonInstrumental: number; ostensive: number; reflexive: number };
  };
  categories: { satisfaction: number; complaint: number; advocacy: number; neutral: number };
  /** Percent positive minus percent negative, −100…100. */
  netSentiment: number | null;
  meanSentiment: number | null;
  satisfactionMix: { dissatisfied: number; satisfied: number; delighted: number };
  /** Share of ratings that are 4 or 5 (percent), with the count of ratings. */
  csat: { score: number | null; count: number; meanRating: number | null };
  /** Promoters minus detractors (percent of NPS answers), with the count of answers. */
  nps: { score: number | null; count: number; promoters: number; detractors: number };
}

export function deriveMetrics(s: CounterFields, hours: number): Metrics {
  const n = s.n ?? 0;
  const v = (k: string) => s[k] ?? 0;
  const npsN = v('nps_n');
  return {
    volume: n,
    velocity: Number((n / Math.max(1, hours)).toFixed(3)),
    reachWeighted: v('reach'),
    advocacy: { count: v('adv'), share: pct(v('adv'), n) },
    complaints: {
      count: v('cat_complaint'),
      share: pct(v('cat_complaint'), n),
      byType: {
        instrumental: pct(v('cmp_instrumental'), n),
        nonInstrumental: pct(v('cmp_non_instrumental'), n),
        ostensive: pct(v('cmp_ostensive'), n),
        reflexive: pct(v('cmp_reflexive'), n),
      },
      counts: {
        instrumental: v('cmp_instrumental'),
        nonInstrumental: v('cmp_non_instrumental'),
        ostensive: v('cmp_ostensive'),
        reflexive: v('cmp_reflexive'),
      },
    },
    categories: { satisfaction: v('cat_satisfaction'), complaint: v('cat_complaint'), advocacy: v('cat_advocacy'), neutral: v('cat_neutral') },
    netSentiment: pct(v('sent_positive') - v('sent_negative'), n),
    meanSentiment: round(ratio(v('sent_sum'), v('sent_n'))),
    satisfactionMix: { dissatisfied: v('sat_dissatisfied'), satisfied: v('sat_satisfied'), delighted: v('sat_delighted') },
    csat: { score: pct(v('rating_csat'), v('rating_n')), count: v('rating_n'), meanRating: round(ratio(v('rating_sum'), v('rating_n')), 2) },
    nps: { score: pct(v('nps_promoters') - v('nps_detractors'), npsN), count: npsN, promoters: v('nps_promoters'), detractors: v('nps_detractors') },
  };
}

export interface AspectFigures {
  aspect: Aspect;
  mentions: number;
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
  const n = v('n');
  const overallNet = ratio((v('sent_positive') - v('sent_negative')) * 100, n);
  const overallNps = ratio((v('nps_promoters') - v('nps_detractors')) * 100, v('nps_n'));
  const rows = ASPECTS.map((aspect): AspectFigures => {
    const a = `asp_${metricName(aspect)}`;
    const an = v(a);
    const withoutNet = ratio((v('sent_positive') - v(`${a}_pos`) - (v('sent_negative') - v(`${a}_neg`))) * 100, n - an);
    const withoutNps = ratio((v('nps_promoters') - v(`${a}_nps_pro`) - (v('nps_detractors') - v(`${a}_nps_det`))) * 100, v('nps_n') - v(`${a}_nps_n`));
    return {
      aspect,
      mentions: an,
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
  return rows.sort((x, y) => (x.impact.netSentiment ?? 0) - (y.impact.netSentiment ?? 0) || y.mentions - x.mentions);
}

/** Change of a figure against its previous value: absolute and percent (null when undefined). */
export function change(current: number | null, previous: number | null): { value: number | null; previous: number | null; change: number | null; changePercent: number | null } {
  const delta = current !== null && previous !== null ? round(current - previous, 1) : null;
  const percent = current !== null && previous !== null && previous !== 0 ? round(((current - previous) / Math.abs(previous)) * 100, 1) : null;
  return { value: current, previous, change: delta, changePercent: percent };
}
