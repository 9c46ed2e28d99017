/** Buzz and satisfaction analytics, read from pre-aggregated rollups (never from raw items). */
import type { FeedbackKind } from '../classification/classification.types.ts';
import { enumerateBuckets, enumerateDays, isoWeekKey, type Interval } from './buckets.ts';
import { addInto, type CounterFields } from './counter-metrics.ts';
import { labelScope, type RollupPart, type Scope } from './rollup-keys.ts';
import { brandWords, termMovers, type TermMove } from './terms.ts';
import type { TrendReaderRepository } from './trend-reader.repository.ts';
import type { ScopeDoc } from './rollup-store.ts';
import { aspectImpact, deriveMetrics, ratio, round, type AspectFigures, type Metrics } from './trend-metrics.ts';

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

export type MetricsBucket = { bucket: string; start: string; change: { volume: number; percent: number | null } } & Metrics;

export const BREAKDOWNS = ['source', 'kind', 'label', 'aspect'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface BreakdownGroup {
  key: string;
  label?: string;
  kind?: string;
  sourceId?: string;
  share: number | null;
  metrics: Metrics;
}

export interface TermsReport {
  current: { from: string; to: string; items: number };
  previous: { from: string; to: string; items: number };
  rising: TermMove[];
  falling: TermMove[];
  top: TermMove[];
}

const HOURS: Record<Interval, number> = { hour: 1, day: 24, week: 168 };
const SPAN_MS: Record<Interval, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

export class TrendsService {
  constructor(
    private readonly counters: TrendReaderRepository,
    private readonly options: { brandTerms: string[] } = { brandTerms: [] },
  ) {}

  /** Storage buckets (hour keys, or day keys for day and week intervals) covering [from, to). */
  private storage(q: { interval: Interval; from: Date; to: Date }): { g: 'h' | 'd'; keys: string[] } {
    if (q.interval === 'hour') return { g: 'h', keys: enumerateBuckets('hour', q.from, q.to).map((b) => b.key) };
    const start = q.interval === 'week' ? enumerateBuckets('week', q.from, q.to)[0]?.start ?? q.from : q.from;
    return { g: 'd', keys: enumerateDays(start, q.to) };
  }

  private toInterval(interval: Interval, storageKey: string): string {
    return interval === 'week' ? isoWeekKey(new Date(`${storageKey}T00:00:00Z`)) : storageKey;
  }

  /** Per-bucket sums, including the bucket before `from` so the first bucket has a change figure. */
  async bucketSums(q: TrendQuery): Promise<Array<{ key: string; start: Date; sums: CounterFields }>> {
    const buckets = enumerateBuckets(q.interval, new Date(q.from.getTime() - SPAN_MS[q.interval]), q.to);
    const { g, keys } = this.storage({ interval: q.interval, from: buckets[0]!.start, to: q.to });
    const sums = await this.counters.sumByBucket({ g, buckets: keys, sourceId: q.sourceId, kind: q.kind, label: q.label });
    const byBucket = new Map<string, CounterFields>();
    for (const [key, fields] of sums) {
      const bucket = this.toInterval(q.interval, key);
      byBucket.set(bucket, addInto(byBucket.get(bucket) ?? {}, fields));
    }
    return buckets.map((b) => ({ key: b.key, start: b.start, sums: byBucket.get(b.key) ?? {} }));
  }

  /** Sums over the whole range for one set of scopes. */
  private async totals(q: TrendQuery, scopes: Scope[], part: RollupPart = 'core'): Promise<Map<Scope, CounterFields>> {
    // Aspect rollups have no hourly level: an hourly range is widened to whole days for them.
    const interval = q.interval === 'hour' && part === 'core' ? 'hour' : 'day';
    const { g, keys } = this.storage({ interval, from: interval === 'day' ? new Date(Math.floor(q.from.getTime() / 86_400_000) * 86_400_000) : q.from, to: q.to });
    return this.counters.totalsForScopes(g, scopes, keys, part);
  }

  private rangeHours(q: { from: Date; to: Date }): number {
    return (q.to.getTime() - q.from.getTime()) / 3_600_000;
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

  /** Every buzz and satisfaction figure per bucket, plus the totals of the range. */
  async metrics(q: TrendQuery): Promise<{ buckets: MetricsBucket[]; totals: Metrics }> {
    const rows = await this.bucketSums(q);
    const total: CounterFields = {};
    const buckets: MetricsBucket[] = [];
    for (let i = 1; i < rows.length; i++) {
      const s = rows[i]!.sums;
      addInto(total, s);
      const volume = s.n ?? 0;
      const previous = rows[i - 1]!.sums.n ?? 0;
      buckets.push({
        bucket: rows[i]!.key,
        start: rows[i]!.start.toISOString(),
        ...deriveMetrics(s, HOURS[q.interval]),
        change: { volume: volume - previous, percent: round(previous > 0 ? ((volume - previous) / previous) * 100 : null, 1) },
      });
    }
    return { buckets, totals: deriveMetrics(total, this.rangeHours(q)) };
  }

  /** Totals of the range for the query's filter (one scope set). */
  async rangeTotals(q: TrendQuery, withAspects = false): Promise<CounterFields> {
    const scopes = await this.counters.scopesFor(q);
    const parts = await Promise.all([this.totals(q, scopes), withAspects ? this.totals(q, scopes, 'aspects') : new Map<Scope, CounterFields>()]);
    const sums: CounterFields = {};
    for (const part of parts) for (const s of part.values()) addInto(sums, s);
    return sums;
  }

  /** The range split by source, kind, label or aspect, each group with its share of the volume. */
  async breakdown(q: TrendQuery, by: Breakdown): Promise<BreakdownGroup[] | AspectFigures[]> {
    if (by === 'aspect') return this.aspects(q);
    const all = await this.counters.listScopes();
    const filtered = !!(q.sourceId || q.kind || q.label);
    // Unfiltered kind and label splits read their own rollups; anything else reads source × kind rollups.
    let scopes: ScopeDoc[];
    if (!filtered && by === 'kind') scopes = all.filter((s) => s.type === 'kind');
    else if (!filtered && by === 'label') scopes = all.filter((s) => s.type === 'label');
    else {
      scopes = all.filter(
        (s) => s.type === 'source' && (!q.sourceId || s.sourceId === q.sourceId) && (!q.kind || s.kind === q.kind) && (!q.label || s.label === q.label),
      );
    }
    const totals = await this.totals(q, scopes.map((s) => s._id));
    const groups = new Map<string, { doc: ScopeDoc; sums: CounterFields }>();
    for (const s of scopes) {
      const key = by === 'source' ? s.sourceId! : by === 'kind' ? s.kind! : s.label!;
      const g = groups.get(key) ?? { doc: s, sums: {} };
      addInto(g.sums, totals.get(s._id) ?? {});
      groups.set(key, g);
    }
    const volume = [...groups.values()].reduce((a, g) => a + (g.sums.n ?? 0), 0);
    const hours = this.rangeHours(q);
    return [...groups]
      .map(([key, { doc, sums }]): BreakdownGroup => ({
        key,
        ...(by === 'source' ? { sourceId: doc.sourceId, kind: doc.kind, label: doc.label } : {}),
        share: round(ratio((sums.n ?? 0) * 100, volume), 1),
        metrics: deriveMetrics(sums, hours),
      }))
      .filter((g) => g.metrics.volume !== 0)
      .sort((a, b) => b.metrics.volume - a.metrics.volume || (a.key < b.key ? -1 : 1));
  }

  /**
   * Share of voice across brand labels (competitors are more sources with their own label): each
   * label's share of volume, of reach and of advocacy, its net sentiment, and its share per bucket.
   */
  async shareOfVoice(q: TrendQuery) {
    const labels = (await this.counters.listScopes()).filter((s) => s.type === 'label');
    const bq = { ...q, from: q.from, to: q.to };
    const buckets = enumerateBuckets(q.interval, q.from, q.to);
    const { g, keys } = this.storage(bq);
    const series = await this.counters.seriesForScopes(g, labels.map((l) => l._id), keys);
    const perLabel = labels.map((l) => {
      const perBucket = new Map<string, CounterFields>();
      const sum: CounterFields = {};
      for (const [key, s] of series.get(l._id) ?? []) {
        const b = this.toInterval(q.interval, key);
        perBucket.set(b, addInto(perBucket.get(b) ?? {}, s));
        addInto(sum, s);
      }
      return { label: l.label!, sum, perBucket };
    });
    const tot = (k: string) => perLabel.reduce((a, l) => a + (l.sum[k] ?? 0), 0);
    const [volume, reach, advocacy] = [tot('n'), tot('reach'), tot('adv')];
    return {
      totals: { volume, reachWeighted: reach, advocacy },
      labels: perLabel
        .filter((l) => (l.sum.n ?? 0) > 0)
        .map((l) => ({
          label: l.label,
          volume: l.sum.n ?? 0,
          share: round(ratio((l.sum.n ?? 0) * 100, volume), 1),
          reachShare: round(ratio((l.sum.reach ?? 0) * 100, reach), 1),
          advocacyShare: round(ratio((l.sum.adv ?? 0) * 100, advocacy), 1),
          netSentiment: deriveMetrics(l.sum, 1).netSentiment,
        }))
        .sort((a, b) => b.volume - a.volume || (a.label < b.label ? -1 : 1)),
      buckets: buckets.map((b) => {
        const total = perLabel.reduce((a, l) => a + (l.perBucket.get(b.key)?.n ?? 0), 0);
        return {
          bucket: b.key,
          start: b.start.toISOString(),
          volume: total,
          shares: Object.fromEntries(perLabel.map((l) => [l.label, round(ratio((l.perBucket.get(b.key)?.n ?? 0) * 100, total), 1)])),
        };
      }),
    };
  }

  /** Aspect mentions, sentiment and impact on the overall score over the range. */
  async aspects(q: TrendQuery): Promise<AspectFigures[]> {
    return aspectImpact(await this.rangeTotals(q, true));
  }

  /**
   * Top terms and phrases of [from, to) against the previous period of the same length, with
   * stop-words and brand names (every label, plus configured brand terms) removed.
   */
  async terms(q: { from: Date; to: Date; label?: string; limit?: number; minCount?: number }): Promise<TermsReport> {
    const span = q.to.getTime() - q.from.getTime();
    const prevFrom = new Date(q.from.getTime() - span);
    const scope = q.label ? labelScope(q.label) : 'all';
    const [cur, prev, scopes] = await Promise.all([
      this.counters.termCounts(scope, enumerateDays(q.from, q.to)),
      this.counters.termCounts(scope, enumerateDays(prevFrom, q.from)),
      this.counters.listScopes(),
    ]);
    const labels = scopes.filter((s) => s.type === 'label').map((s) => s.label!);
    const movers = termMovers(cur.terms, prev.terms, { current: cur.items, previous: prev.items }, {
      limit: q.limit ?? 10,
      minCount: q.minCount ?? 3,
      exclude: brandWords(labels, this.options.brandTerms),
    });
    return {
      current: { from: q.from.toISOString(), to: q.to.toISOString(), items: cur.items },
      previous: { from: prevFrom.toISOString(), to: q.from.toISOString(), items: prev.items },
      ...movers,
    };
  }
}
