/** Robust statistics for spike detection: median and MAD resist the very outliers we look for. */

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation from the median. */
export function mad(values: number[], med = median(values)): number {
  return median(values.map((v) => Math.abs(v - med)));
}

export interface Baseline {
  median: number;
  mad: number;
  /** The spread used to score: 1.4826 × MAD (≈ σ for normal data), floored so a flat series is not infinitely sensitive. */
  scale: number;
  samples: number;
  /** `hour-of-week` when enough same-hour-of-week history exists, else `all-hours`. */
  method: 'hour-of-week' | 'all-hours';
}

/**
 * Baseline of one hourly series at `target`: the values at the same hour of the week in the
 * lookback when there are at least `minSeasonal` of them with history, else every hour of the
 * lookback. `history` maps hour start (ms) to value; hours before `historyStart` are not samples.
 * An hour missing from `history` is a 0 for a count (`emptyHours: 'zero'`: nothing happened) but
 * no sample at all for a ratio (`'skip'`: a share of nothing is not 0 %).
 */
export function baselineFor(
  history: Map<number, number>,
  target: number,
  opts: { lookbackHours: number; minSeasonal: number; floor: number; historyStart: number; emptyHours: 'zero' | 'skip' },
): Baseline {
  const all: number[] = [];
  const seasonal: number[] = [];
  for (let h = 1; h <= opts.lookbackHours; h++) {
    const t = target - h * 3_600_000;
    if (t < opts.historyStart) break;
    const v = history.get(t) ?? (opts.emptyHours === 'zero' ? 0 : undefined);
    if (v === undefined) continue;
    all.push(v);
    if (h % 168 === 0) seasonal.push(v);
  }
  const useSeasonal = seasonal.length >= opts.minSeasonal;
  const values = useSeasonal ? seasonal : all;
  const med = median(values);
  const m = mad(values, med);
  return { median: med, mad: m, scale: Math.max(1.4826 * m, opts.floor), samples: values.length, method: useSeasonal ? 'hour-of-week' : 'all-hours' };
}

export const robustZ = (value: number, b: Baseline): number => (value - b.median) / b.scale;
