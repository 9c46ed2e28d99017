/** Buzz and satisfaction analytics, read from pre-aggregated rollups (never from raw items). */
import type { FeedbackKind } from '../classification/classification.types.ts';
import { alignRange, enumerateDays, rangeBuckets, storageKeys, type Interval, type RangeBucket } from './buckets.ts';
import { addInto, type CounterFields } from './counter-metrics.ts';
import { labelScope, type RollupPart, type Scope } from './rollup-keys.ts';
import { brandWords, termMovers, type TermMove } from './terms.ts';
import type { TrendReaderRepository } from './trend-reader.repository.ts';
import type { ScopeDoc } from './rollup-store.ts';
import { aspectImpact, deriveMetrics, ratio, round, type AspectFigures, type CategoryCounts, type Metrics } from './trend-metrics.ts';

export interface TrendQuery {
  interval: Interval;
  from: Date;
  to: Date;
  sourceId?: string;
  kind?: FeedbackKind;
  label?: string;
}

export interface BuzzBucket extends BucketEdges {
  /** Items in the bucket. */
  volume: number;
  categories: CategoryCounts;
  change: { volume: number; percent: number | null };
}

export type SatisfactionBucket = BucketEdges & Pick<Metrics, 'volume' | 'scored' | 'meanSentiment' | 'satisfactionMix' | 'csat' | 'nps'>;

export type MetricsBucket = BucketEdges & { change: { volume: number; percent: number | null } } & Metrics;

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

const GRANULARITY: Record<Interval, 'h' | 'd'> = { hour: 'h', day: 'd', week: 'd' };
const SPAN_MS: Record<Interval, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

/** A bucket as reports show it: its key, the span it covers within the range, and whether that is the whole bucket. */
export interface BucketEdges {
  bucket: string;
  start: string;
  end: string;
  partial: boolean;
}

const edges = (b: RangeBucket): BucketEdges => ({ bucket: b.key, start: b.start.toISOString(), end: b.end.toISOString(), partial: b.partial });

export class TrendsService {
  constructor(
    private readonly counters: TrendReaderRepository,
    private readonly options: { brandTerms: string[] } = { brandTerms: [] },
  ) {}

  /**
   * Per-bucket sums over the range, each bucket clipped to [from, to) (rangeBuckets), with the sums
   * of the same span one interval earlier, so a partial edge bucket's change compares like with like.
   */
  async bucketSums(q: TrendQuery): Promise<Array<RangeBucket & { sums: CounterFields; previous: CounterFields }>> {
    const buckets = rangeBuckets(q.interval, q.from, q.to);
    const span = SPAN_MS[q.interval];
    const earlier = (d: Date) => new Date(d.getTime() - span);
    const keys = storageKeys(q.interval, earlier(buckets[0]!.start), buckets[buckets.length - 1]!.end);
    const byKey = await this.counters.sumByBucket({ g: GRANULARITY[q.interval], buckets: keys, sourceId: q.sourceId, kind: q.kind, label: q.label });
    const sumOf = (from: Date, to: Date) => storageKeys(q.interval, from, to).reduce((sum, k) => addInto(sum, byKey.get(k) ?? {}), {} as CounterFields);
    return buckets.map((b) => ({ ...b, sums: sumOf(b.start, b.end), previous: sumOf(earlier(b.start), earlier(b.end)) }));
  }

  /**
   * Sums over the whole range for one set of scopes. Aspect rollups have no hourly level, so a read
   * that includes them counts whole days for both parts: shares and impact then divide a day's
   * aspect counts by the same days' volume.
   */
  private async totals(q: TrendQuery, scopes: Scope[], part: RollupPart = 'core', withAspects = part === 'aspects'): Promise<Map<Scope, CounterFields>> {
    const interval = withAspects ? 'day' : q.interval;
    const range = alignRange(interval, q.from, q.to);
    return this.counters.totalsForScopes(GRANULARITY[interval], scopes, storageKeys(interval, range.from, range.to), part);
  }

  /** Hours the range covers once aligned to whole storage units (the velocity denominator). */
  private rangeHours(q: { interval: Interval; from: Date; to: Date }): number {
    const range = alignRange(q.interval, q.from, q.to);
    return (range.to.getTime() - range.from.getTime()) / 3_600_000;
  }

  async buzz(q: TrendQuery): Promise<BuzzBucket[]> {
    const out: BuzzBucket[] = [];
    for (const row of await this.bucketSums(q)) {
      const s = row.sums;
      const volume = s.n ?? 0;
      const previous = row.previous.n ?? 0;
      out.push({
        ...edges(row),
        volume,
        categories: deriveMetrics(s, 1).categories,
        change: { volume: volume - previous, percent: round(previous > 0 ? ((volume - previous) / previous) * 100 : null, 1) },
      });
    }
    return out;
  }

  async satisfaction(q: TrendQuery): Promise<SatisfactionBucket[]> {
    return (await this.bucketSums(q)).map((row) => {
      const { volume, scored, meanSentiment, satisfactionMix, csat, nps } = deriveMetrics(row.sums, 1);
      return { ...edges(row), volume, scored, meanSentiment, satisfactionMix, csat, nps };
    });
  }

  /** Every buzz and satisfaction figure per bucket, plus the totals of the range. */
  async metrics(q: TrendQuery): Promise<{ buckets: MetricsBucket[]; totals: Metrics }> {
    const total: CounterFields = {};
    const buckets: MetricsBucket[] = [];
    for (const row of await this.bucketSums(q)) {
      const s = row.sums;
      addInto(total, s);
      const volume = s.n ?? 0;
      const previous = row.previous.n ?? 0;
      buckets.push({
        ...edges(row),
        ...deriveMetrics(s, (row.end.getTime() - row.start.getTime()) / 3_600_000),
        change: { volume: volume - previous, percent: round(previous > 0 ? ((volume - previous) / previous) * 100 : null, 1) },
      });
    }
    return { buckets, totals: deriveMetrics(total, this.rangeHours(q)) };
  }

  /** Totals of the range for the query's filter (one scope set). */
  async rangeTotals(q: TrendQuery, withAspects = false): Promise<CounterFields> {
    const scopes = await this.counters.scopesFor(q);
    const parts = await Promise.all([this.totals(q, scopes, 'core', withAspects), withAspects ? this.totals(q, scopes, 'aspects') : new Map<Scope, CounterFields>()]);
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
    const buckets = rangeBuckets(q.interval, q.from, q.to);
    const series = await this.counters.seriesForScopes(
      GRANULARITY[q.interval],
      labels.map((l) => l._id),
      storageKeys(q.interval, buckets[0]!.start, buckets[buckets.length - 1]!.end),
    );
    const perLabel = labels.map((l) => {
      const stored = series.get(l._id) ?? new Map<string, CounterFields>();
      const perBucket = new Map<string, CounterFields>();
      const sum: CounterFields = {};
      for (const b of buckets) {
        const s = storageKeys(q.interval, b.start, b.end).reduce((acc, k) => addInto(acc, stored.get(k) ?? {}), {} as CounterFields);
        perBucket.set(b.key, s);
        addInto(sum, s);
      }
      return { label: l.label!, sum, perBucket };
    });
    const tot = (k: string) => perLabel.reduce((a, l) => a + (l.sum[k] ?? 0), 0);
    const [volume, reach, advocacy] = [tot('n'), tot('reach'), tot('adv')];
    return {
      totals: { volume, reachWeightedVolume: reach, advocacy },
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
          ...edges(b),
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
