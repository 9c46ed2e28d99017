/** Buzz and satisfaction trends, read from pre-aggregated counters (never from raw items). */
import type { FeedbackKind } from '../classification/classification.types.ts';
import { enumerateBuckets, isoWeekKey, type Interval } from './buckets.ts';
import { addInto, type CounterFields } from './counter-metrics.ts';
import type { TrendCounterRepository } from './trend-counter.repository.ts';

export interface TrendQuery {
  interval: Interval;
  from: Date;
  to: Date;
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

export interface BuzzBucket {
  bucket: string;
  start: string;
  total: number;
  categories: { satisfaction: number; complaint: number; advocacy: number; neutral: number };
  change: { total: number; percent: number | null };
}

export interface SatisfactionBucket {
  bucket: string;
  start: string;
  count: number;
  meanSentiment: number | null;
  mix: { dissatisfied: number; satisfied: number; delighted: number };
  rating: { mean: number | null; count: number; csat: number | null };
  nps: { score: number | null; mean: number | null; count: number };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const round = (x: number | null, digits = 3): number | null => (x === null ? null : Number(x.toFixed(digits)));

export class TrendsService {
  constructor(private readonly counters: TrendCounterRepository) {}

  /** Per-bucket sums, including the bucket before `from` so the first bucket has a change figure. */
  async bucketSums(q: TrendQuery): Promise<Array<{ key: string; start: Date; sums: CounterFields }>> {
    const span = q.interval === 'hour' ? 3_600_000 : q.interval === 'day' ? 86_400_000 : 7 * 86_400_000;
    const buckets = enumerateBuckets(q.interval, new Date(q.from.getTime() - span), q.to);
    const g = q.interval === 'hour' ? 'h' : 'd';
    const keys = q.interval === 'week' ? enumerateBuckets('day', buckets[0]!.start, q.to).map((b) => b.key) : buckets.map((b) => b.key);
    const sums = await this.counters.sumByBucket({ g, buckets: keys, sourceId: q.sourceId, kind: q.kind, label: q.label });
    const byBucket = new Map<string, CounterFields>();
    for (const [key, fields] of sums) {
      const bucket = q.interval === 'week' ? isoWeekKey(new Date(`${key}T00:00:00Z`)) : key;
      byBucket.set(bucket, addInto(byBucket.get(bucket) ?? {}, fields));
    }
    return buckets.map((b) => ({ key: b.key, start: b.start, sums: byBucket.get(b.key) ?? {} }));
  }

  async buzz(q: TrendQuery): Promise<BuzzBucket[]> {
    const rows = await this.bucketSums(q);
    const out: BuzzBucket[] = [];
    for (let i = 1; i < rows.length; i++) {
      const s = rows[i]!.sums;
      const total = s.n ?? 0;
      const previous = rows[i - 1]!.sums.n ?? 0;
      out.push({
        bucket: rows[i]!.key,
        start: rows[i]!.start.toISOString(),
        total,
        categories: {
          satisfaction: s.cat_satisfaction ?? 0,
          complaint: s.cat_complaint ?? 0,
          advocacy: s.cat_advocacy ?? 0,
          neutral: s.cat_neutral ?? 0,
        },
        change: { total: total - previous, percent: round(previous > 0 ? ((total - previous) / previous) * 100 : null, 1) },
      });
    }
    return out;
  }

  async satisfaction(q: TrendQuery): Promise<SatisfactionBucket[]> {
    const rows = (await this.bucketSums(q)).slice(1);
    return rows.map(({ key, start, sums: s }) => {
      const npsN = s.nps_n ?? 0;
      return {
        bucket: key,
        start: start.toISOString(),
        count: s.n ?? 0,
        meanSentiment: round(ratio(s.sent_sum ?? 0, s.sent_n ?? 0)),
        mix: { dissatisfied: s.sat_dissatisfied ?? 0, satisfied: s.sat_satisfied ?? 0, delighted: s.sat_delighted ?? 0 },
        rating: {
          mean: round(ratio(s.rating_sum ?? 0, s.rating_n ?? 0), 2),
          count: s.rating_n ?? 0,
          csat: round(ratio((s.rating_csat ?? 0) * 100, s.rating_n ?? 0), 1),
        },
        nps: {
          score: round(ratio(((s.nps_promoters ?? 0) - (s.nps_detractors ?? 0)) * 100, npsN), 1),
          mean: round(ratio(s.nps_sum ?? 0, npsN), 2),
          count: npsN,
        },
      };
    });
  }
}
