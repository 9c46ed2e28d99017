/**
 * Builds the weekly digest of an ISO week from the rollups (figures, movers, share of voice),
 * the alerts of the week, the recovery report when cases exist, and sample items for quotes.
 */
import type { AlertRepository } from '../alerts/alert.repository.ts';
import { enumerateBuckets } from '../trends/buckets.ts';
import { deriveMetrics, change, aspectImpact, round, type Metrics } from '../trends/trend-metrics.ts';
import type { TrendReaderRepository } from '../trends/trend-reader.repository.ts';
import type { TrendsService } from '../trends/trends.service.ts';
import type { DigestDoc, DigestQuote, Figure } from './digest.types.ts';
import { weekStart } from './digest-week.ts';
import type { DigestRepository } from './digest.repository.ts';

const DAY = 86_400_000;

export interface RecoverySummary {
  resolvedCases: number;
  recoveryRate: number | null;
  outcomes: { recovered: number; notRecovered: number; silent: number };
  timeToResolution: { medianHours: number | null };
}

export interface DigestDeps {
  trends: TrendsService;
  counters: TrendReaderRepository;
  alerts: AlertRepository;
  digests: DigestRepository;
  /** The recovery report of the cases area, when it is installed. */
  recovery?: (from: Date, to: Date) => Promise<RecoverySummary>;
}

export class InvalidWeekError extends Error {
  override name = 'InvalidWeekError';
}

const fig = (cur: number | null, prev: number | null): Figure => change(cur, prev);

export class DigestService {
  constructor(private readonly deps: DigestDeps) {}

  async build(week: string, now = new Date()): Promise<DigestDoc> {
    const from = weekStart(week);
    if (!from) throw new InvalidWeekError(`not an ISO week: ${week}`);
    const to = new Date(from.getTime() + 7 * DAY);
    const prevFrom = new Date(from.getTime() - 7 * DAY);
    const q = { interval: 'day' as const, from, to };
    const pq = { interval: 'day' as const, from: prevFrom, to: from };
    const { trends } = this.deps;

    const [cur, prev, series, sov, prevSov, terms, spikes, recovery, quotes] = await Promise.all([
      trends.rangeTotals(q, true),
      trends.rangeTotals(pq, true),
      trends.metrics(q),
      trends.shareOfVoice(q),
      trends.shareOfVoice(pq),
      trends.terms({ from, to, limit: 10, minCount: 2 }),
      this.deps.alerts.list({ from, to, limit: 50, spikesOnly: true }),
      this.recovery(from, to),
      this.quotes(from, to),
    ]);
    const m = deriveMetrics(cur, 168);
    const p = deriveMetrics(prev, 168);

    const aspectsNow = aspectImpact(cur);
    const aspectsPrev = new Map(aspectImpact(prev).map((a) => [a.aspect, a]));
    const aspectMovers = aspectsNow
      .map((a) => {
        const b = aspectsPrev.get(a.aspect)!;
        return {
          aspect: a.aspect,
          items: a.items,
          previous: b.items,
          change: a.items - b.items,
          netSentiment: a.netSentiment,
          netSentimentChange: a.netSentiment !== null && b.netSentiment !== null ? round(a.netSentiment - b.netSentiment, 1) : null,
          impact: a.impact.netSentiment,
        };
      })
      .filter((a) => a.items + a.previous > 0)
      .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || Math.abs(y.netSentimentChange ?? 0) - Math.abs(x.netSentimentChange ?? 0) || (x.aspect < y.aspect ? -1 : 1))
      .slice(0, 3);
    const termMovers = [
      ...terms.rising.map((t) => ({ term: t.term, direction: 'rising' as const, current: t.current, previous: t.previous, lift: t.lift })),
      ...terms.falling.map((t) => ({ term: t.term, direction: 'falling' as const, current: t.current, previous: t.previous, lift: t.lift })),
    ]
      .sort((a, b) => Math.abs(b.lift) * Math.sqrt(Math.abs(b.current - b.previous) + 1) - Math.abs(a.lift) * Math.sqrt(Math.abs(a.current - a.previous) + 1) || (a.term < b.term ? -1 : 1))
      .slice(0, 3);

    const prevShare = new Map(prevSov.labels.map((l) => [l.label, l.share]));
    const digest: DigestDoc = {
      _id: week,
      week,
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: now.toISOString(),
      headline: {
        volume: fig(m.volume, p.volume),
        netSentiment: fig(m.netSentiment, p.netSentiment),
        nps: { ...fig(m.nps.score, p.nps.score), answers: m.nps.count },
        csat: { ...fig(m.csat.score, p.csat.score), ratings: m.csat.count },
        complaints: { ...fig(m.complaints.count, p.complaints.count), byType: m.complaints.counts },
        complaintRate: fig(m.complaints.rate, p.complaints.rate),
        advocacy: fig(m.advocacy.count, p.advocacy.count),
        advocacyRate: fig(m.advocacy.rate, p.advocacy.rate),
        reachWeightedVolume: fig(m.reachWeightedVolume, p.reachWeightedVolume),
        notScored: m.notScored,
      },
      daily: series.buckets.map((b) => ({ day: b.bucket, volume: b.volume, complaints: b.complaints.count, advocacy: b.advocacy.count, netSentiment: b.netSentiment })),
      movers: { aspects: aspectMovers, terms: termMovers },
      spikes: spikes
        .sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : a.key < b.key ? -1 : 1))
        .map((a) => ({ id: a._id, hour: a.hour, label: a.label, series: a.series, severity: a.severity, value: a.figures.value, median: a.figures.median, topTerms: a.topTerms })),
      shareOfVoice: sov.labels.map((l) => ({
        label: l.label,
        volume: l.volume,
        share: l.share,
        previousShare: prevShare.get(l.label) ?? null,
        netSentiment: l.netSentiment,
        advocacyShare: l.advocacyShare,
      })),
      recovery,
      quotes,
      executive: { fiveNumbers: [], whatChanged: [] },
    };
    digest.executive = executiveSummary(digest, m, p);
    await this.deps.digests.save(digest);
    return digest;
  }

  private async recovery(from: Date, to: Date): Promise<DigestDoc['recovery']> {
    if (!this.deps.recovery) return { available: false, reason: 'the cases area is not installed' };
    const r = await this.deps.recovery(from, to);
    return {
      available: true,
      resolvedCases: r.resolvedCases,
      recoveryRate: r.recoveryRate,
      recovered: r.outcomes.recovered,
      notRecovered: r.outcomes.notRecovered,
      silent: r.outcomes.silent,
      medianHoursToResolution: r.timeToResolution.medianHours,
    };
  }

  /** One quote per category: among the week's sample items, the most confidently classified (ties: oldest). */
  private async quotes(from: Date, to: Date): Promise<DigestQuote[]> {
    const hours = enumerateBuckets('hour', from, to).map((b) => b.key);
    const items = await this.deps.counters.samples('all', hours);
    const out: DigestQuote[] = [];
    // The classifier's `satisfaction` category is reported as `experience` (it holds dissatisfied accounts too).
    for (const [category, classified] of [['complaint', 'complaint'], ['advocacy', 'advocacy'], ['experience', 'satisfaction']] as const) {
      const best = items
        .filter((i) => i.category === classified)
        .sort((a, b) => b.confidence - a.confidence || (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : a.id < b.id ? -1 : 1))[0];
      if (best) out.push({ category, text: best.text, label: best.label, publishedAt: best.publishedAt, url: best.url });
    }
    return out;
  }
}

function executiveSummary(d: DigestDoc, m: Metrics, p: Metrics): DigestDoc['executive'] {
  const h = d.headline;
  const fiveNumbers = [
    { name: 'Items', value: h.volume.value, unit: '', change: h.volume.changePercent },
    { name: 'Net sentiment', value: h.netSentiment.value, unit: 'pts', change: h.netSentiment.change },
    { name: 'NPS', value: h.nps.value, unit: 'pts', change: h.nps.change },
    { name: 'CSAT', value: h.csat.value, unit: '%', change: h.csat.change },
    { name: 'Complaint rate', value: h.complaintRate.value, unit: '%', change: h.complaintRate.change },
  ];
  const whatChanged: string[] = [];
  if (h.volume.changePercent !== null && Math.abs(h.volume.changePercent) >= 10) {
    whatChanged.push(`Items ${h.volume.changePercent > 0 ? 'rose' : 'fell'} ${Math.abs(h.volume.changePercent)}% week over week (${p.volume} → ${m.volume}).`);
  }
  if (h.netSentiment.change !== null && Math.abs(h.netSentiment.change) >= 5) {
    whatChanged.push(`Net sentiment ${h.netSentiment.change > 0 ? 'improved' : 'worsened'} by ${Math.abs(h.netSentiment.change)} points.`);
  }
  const worst = d.movers.aspects.filter((a) => (a.impact ?? 0) < 0).sort((a, b) => (a.impact ?? 0) - (b.impact ?? 0))[0];
  if (worst) whatChanged.push(`${capitalise(worst.aspect)} pulls net sentiment down most (${worst.impact} pts); fix it first.`);
  const rising = d.movers.terms.find((t) => t.direction === 'rising');
  if (rising) whatChanged.push(`“${rising.term}” is the fastest-rising topic (${rising.previous} → ${rising.current} items).`);
  if (d.spikes.length) whatChanged.push(`${d.spikes.length} spike alert${d.spikes.length > 1 ? 's' : ''} this week.`);
  if (whatChanged.length === 0) whatChanged.push('No large changes this week.');
  return { fiveNumbers, whatChanged };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');
