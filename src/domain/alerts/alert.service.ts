/**
 * Spike detection: every few minutes, each series (volume, complaints, negative share — overall
 * and per brand label) is compared with its own robust baseline; a spike raises one alert per
 * incident (de-duplicated per hour, then a cooldown during which a continuing spike updates the
 * same alert), explained by figures, top terms and three sample items.
 */
import { createHash } from 'node:crypto';
import { dayKey, enumerateDays, hourKey } from '../trends/buckets.ts';
import type { CounterFields } from '../trends/counter-metrics.ts';
import { ALL_SCOPE, labelScope, type Scope } from '../trends/rollup-keys.ts';
import { brandWords, termMovers } from '../trends/terms.ts';
import type { TrendReaderRepository } from '../trends/trend-reader.repository.ts';
import { ALERT_SERIES, type AlertDoc, type AlertRepository, type AlertSample, type AlertSeries, type Severity } from './alert.repository.ts';
import { baselineFor, robustZ } from './robust-baseline.ts';

const HOUR = 3_600_000;

export interface AlertSettings {
  threshold: number;
  minCount: number;
  cooldownHours: number;
  baselineDays: number;
  brandTerms: string[];
}

export interface DetectOutcome {
  evaluated: number;
  raised: AlertDoc[];
  updated: string[];
}

/** Hours of history a series needs before it can alert at all. */
const MIN_HISTORY_HOURS = 24;
/** Same-hour-of-week samples needed to prefer them over every hour of the lookback. */
const MIN_SEASONAL_SAMPLES = 4;
/** A negative-share spike must also be this many points above usual, not only many MADs. */
const MIN_SHARE_LIFT = 0.1;

export const alertId = (key: string, hour: string): string => createHash('sha256').update(`${key}|${hour}`).digest('hex').slice(0, 20);

function severityOf(z: number, threshold: number): Severity {
  return z >= 4 * threshold ? 'critical' : z >= 2 * threshold ? 'high' : 'warning';
}

function seriesValue(series: AlertSeries, s: CounterFields | undefined): number | null {
  const n = s?.n ?? 0;
  if (series === 'volume') return n;
  if (series === 'complaints') return s?.cat_complaint ?? 0;
  return n > 0 ? (s?.sent_negative ?? 0) / n : null;
}

export class AlertService {
  constructor(
    private readonly deps: { counters: TrendReaderRepository; alerts: AlertRepository },
    private readonly settings: AlertSettings,
  ) {}

  /** Evaluates the previous complete hour and the current one (partial counts only ever grow). */
  async detect(now = new Date()): Promise<DetectOutcome> {
    const current = Math.floor(now.getTime() / HOUR) * HOUR;
    const targets = [current - HOUR, current];
    const lookbackHours = this.settings.baselineDays * 24;
    const scopes = [ALL_SCOPE, ...(await this.deps.counters.listScopes()).filter((s) => s.type === 'label').map((s) => s._id)];
    const hours: string[] = [];
    for (let t = targets[0]! - lookbackHours * HOUR; t <= current; t += HOUR) hours.push(hourKey(new Date(t)));
    const series = await this.deps.counters.seriesForScopes('h', scopes, hours);

    const outcome: DetectOutcome = { evaluated: 0, raised: [], updated: [] };
    for (const scope of scopes) {
      const perHour = new Map<number, CounterFields>();
      for (const [key, sums] of series.get(scope) ?? []) perHour.set(Date.parse(`${key}:00:00Z`), sums);
      const withData = [...perHour.keys()].filter((t) => (perHour.get(t)!.n ?? 0) > 0);
      if (withData.length === 0) continue;
      const historyStart = Math.min(...withData);
      for (const name of ALERT_SERIES) {
        const history = new Map<number, number>();
        for (const [t, sums] of perHour) {
          const v = seriesValue(name, sums);
          if (v !== null) history.set(t, v);
        }
        for (const target of targets) {
          if (target - historyStart < MIN_HISTORY_HOURS * HOUR) continue;
          outcome.evaluated++;
          const sums = perHour.get(target);
          const value = seriesValue(name, sums);
          const volume = sums?.n ?? 0;
          if (value === null) continue;
          const share = name === 'negative_share';
          const baseline = baselineFor(history, target, {
            lookbackHours,
            minSeasonal: MIN_SEASONAL_SAMPLES,
            historyStart,
            emptyHours: share ? 'skip' : 'zero',
            // Counts are roughly Poisson: never score against a spread below √median (at least 1).
            floor: share ? 0.05 : Math.max(1, Math.sqrt(Math.max(0, median0(history, target, lookbackHours)))),
          });
          const z = robustZ(value, baseline);
          const bigEnough = share ? volume >= this.settings.minCount && value - baseline.median >= MIN_SHARE_LIFT : value >= this.settings.minCount;
          if (z < this.settings.threshold || !bigEnough) continue;
          const result = await this.raise(scope, name, new Date(target), {
            value: round(value),
            volume,
            median: round(baseline.median),
            mad: round(baseline.mad),
            z: round(z, 2),
            baselineSamples: baseline.samples,
            method: baseline.method,
          }, now);
          if (result.raised) outcome.raised.push(result.raised);
          if (result.updated) outcome.updated.push(result.updated);
        }
      }
    }
    return outcome;
  }

  private async raise(scope: Scope, series: AlertSeries, start: Date, figures: AlertDoc['figures'], now: Date): Promise<{ raised?: AlertDoc; updated?: string }> {
    const key = `${scope}|${series}`;
    const hour = hourKey(start);
    const severity = severityOf(figures.z, this.settings.threshold);
    const last = await this.deps.alerts.lastIncident(key);
    if (last && start.getTime() - last.lastHourStart.getTime() <= this.settings.cooldownHours * HOUR && start.getTime() >= last.lastHourStart.getTime() - HOUR) {
      // The same incident: a later hour of it extends the cooldown; the same hour is a re-run.
      const newHour = start.getTime() > last.lastHourStart.getTime();
      await this.deps.alerts.touch(last.alertId, hour, now, figures.z, severity, newHour);
      if (newHour) await this.deps.alerts.setLastIncident(key, last.alertId, start);
      return { updated: last.alertId };
    }
    const label = scope.startsWith('l:') ? scope.slice(2) : null;
    const id = alertId(key, hour);
    const alert: AlertDoc = {
      _id: id,
      key,
      // Alerts that start within an hour of each other are one burst.
      event: (await this.deps.alerts.eventNear(start, 1)) ?? id,
      scope,
      label,
      series,
      hour,
      start,
      severity,
      status: 'open',
      figures,
      topTerms: await this.topTerms(scope, start),
      samples: await this.samples(scope, series, hour),
      createdAt: now,
      lastSeenHour: hour,
      lastSeenAt: now,
      occurrences: 1,
      peakZ: figures.z,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    const inserted = await this.deps.alerts.insert(alert);
    await this.deps.alerts.setLastIncident(key, alert._id, start);
    return inserted ? { raised: alert } : { updated: alert._id };
  }

  /** Terms rising on the spike's day against the week before it, brand names removed. */
  private async topTerms(scope: Scope, start: Date): Promise<string[]> {
    const day = dayKey(start);
    const dayStart = new Date(`${day}T00:00:00Z`);
    const [cur, prev, scopes] = await Promise.all([
      this.deps.counters.termCounts(scope, [day]),
      this.deps.counters.termCounts(scope, enumerateDays(new Date(dayStart.getTime() - 7 * 24 * HOUR), dayStart)),
      this.deps.counters.listScopes(),
    ]);
    const labels = scopes.filter((s) => s.type === 'label').map((s) => s.label!);
    const { rising, top } = termMovers(cur.terms, prev.terms, { current: cur.items, previous: prev.items }, {
      limit: 5,
      minCount: 2,
      exclude: brandWords(labels, this.settings.brandTerms),
    });
    return (rising.length ? rising : top).map((m) => m.term);
  }

  /**
   * Three items from the spiking hour that match the series that fired: complaints for complaint and
   * negative-share spikes (never the hour's unrelated praise), one of each category in turn for a
   * volume spike (what the volume is made of).
   */
  private async samples(scope: Scope, series: AlertSeries, hour: string): Promise<AlertSample[]> {
    const found = await this.deps.counters.samples(scope, [hour]);
    const picked = series === 'volume' ? roundRobin(found, ['complaint', 'advocacy', 'satisfaction']).slice(0, 3) : found.filter((i) => i.category === 'complaint').slice(0, 3);
    return picked.map((i) => ({
      id: i.id,
      category: i.category,
      text: i.text,
      sourceId: i.sourceId,
      label: i.label,
      publishedAt: new Date(i.publishedAt),
      ...(i.url ? { url: i.url } : {}),
    }));
  }
}

function roundRobin<T extends { category: string }>(refs: T[], order: string[]): T[] {
  const queues = order.map((c) => refs.filter((r) => r.category === c));
  const out: T[] = [];
  while (queues.some((q) => q.length)) for (const q of queues) if (q.length) out.push(q.shift()!);
  return out;
}

function median0(history: Map<number, number>, target: number, lookbackHours: number): number {
  const vals: number[] = [];
  for (let h = 1; h <= lookbackHours; h++) vals.push(history.get(target - h * HOUR) ?? 0);
  vals.sort((a, b) => a - b);
  return vals[Math.floor(vals.length / 2)] ?? 0;
}

const round = (x: number, d = 3) => Number(x.toFixed(d));
