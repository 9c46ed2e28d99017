/**
 * A year of synthetic history at any scale (default: 10 million items), written straight into the
 * rollups and term rollups exactly as ingestion would have built them: 5 labels, 20 sources, a
 * diurnal profile and a Zipf-like vocabulary. Used by bench:trends and bench:web.
 */
import { ASPECTS, type FeedbackKind } from '../src/domain/classification/classification.types.ts';
import { dayKey } from '../src/domain/trends/buckets.ts';
import { metricName, type CounterFields } from '../src/domain/trends/counter-metrics.ts';
import { ALL_SCOPE, TERM_ITEMS, isAspectMetric, kindScope, labelScope, slotField, sourceScope, type Scope } from '../src/domain/trends/rollup-keys.ts';
import type { ScopeDoc } from '../src/domain/trends/rollup-store.ts';
import { RawCounterWriter } from '../src/domain/trends/raw-counter.writer.ts';
import type { Container } from '../src/app/compose.ts';

export const DAY = 86_400_000;
export const LABELS = ['acme', 'rival-roast', 'beanco', 'brewhaus', 'cupcraft'];
export const KINDS: FeedbackKind[] = ['mention', 'review', 'survey'];
/** 20 sources: four per label, kinds rotating. */
export const SOURCES = Array.from({ length: 20 }, (_, i) => ({ id: `bench-src-${i}`, label: LABELS[i % 5]!, kind: KINDS[i % 3]!, weight: 1 + (i % 4) }));
/** Hour-of-day profile (quiet nights, busy afternoons), normalised to mean 1 so the year sums to YEAR_ITEMS. */
const RAW_DIURNAL = Array.from({ length: 24 }, (_, h) => 0.4 + 1.2 * Math.sin((Math.PI * Math.max(0, h - 6)) / 18) ** 2);
const DIURNAL = RAW_DIURNAL.map((v) => (v * 24) / RAW_DIURNAL.reduce((a, b) => a + b, 0));
export const VOCAB = Array.from({ length: 4000 }, (_, i) => `term${i.toString(36)}`);

/** A small deterministic PRNG so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const rand = rng(42);
const binom = (n: number, p: number) => Math.round(n * p + (rand() - 0.5) * Math.sqrt(n * p * (1 - p)) * 2);

/** Counter fields of `n` items of one source in one hour, in the shape itemIncrements produces. */
function hourMetrics(n: number, kind: FeedbackKind): CounterFields {
  const cmp = Math.max(0, binom(n, 0.2));
  const adv = Math.max(0, Math.min(n - cmp, binom(n, 0.08)));
  const sat = Math.max(0, Math.min(n - cmp - adv, binom(n, 0.35)));
  const f: CounterFields = {
    n,
    cat_complaint: cmp,
    cat_advocacy: adv,
    cat_satisfaction: sat,
    cat_neutral: n - cmp - adv - sat,
    sent_n: n,
    sent_sum: (adv + sat - cmp) * 0.3,
    sent_positive: adv + sat,
    sent_negative: cmp,
    sent_neutral: n - cmp - adv - sat,
    sat_dissatisfied: cmp,
    sat_satisfied: sat,
    sat_delighted: adv,
    adv,
    cmp_instrumental: Math.round(cmp * 0.6),
    cmp_non_instrumental: cmp - Math.round(cmp * 0.6),
    cmp_ostensive: Math.round(cmp * 0.7),
    cmp_reflexive: cmp - Math.round(cmp * 0.7),
    reach: n * 12,
  };
  for (const a of ASPECTS) {
    const k = Math.round(n / 7);
    const m = `asp_${metricName(a)}`;
    f[m] = k;
    f[`${m}_pos`] = Math.round(k * 0.4);
    f[`${m}_neg`] = Math.round(k * 0.2);
    f[`${m}_cmp`] = Math.round(k * 0.2);
  }
  if (kind === 'review') Object.assign(f, { rating_n: n, rating_sum: n * 3.6, rating_csat: Math.round(n * 0.62) });
  if (kind === 'survey') Object.assign(f, { nps_n: n, nps_sum: n * 7.2, nps_promoters: Math.round(n * 0.4), nps_detractors: Math.round(n * 0.25) });
  return f;
}

function addPrefixed(into: CounterFields, slot: string, f: CounterFields, aspects: boolean) {
  for (const [k, v] of Object.entries(f)) {
    if (isAspectMetric(k) !== aspects) continue;
    const key = slotField(slot, k);
    into[key] = (into[key] ?? 0) + v;
  }
}

/** Writes 365 days of history ending at today's UTC midnight; returns the range and what it wrote. */
export async function writeSyntheticYear(c: Container, yearItems: number): Promise<{ start: number; end: number; items: number; docsWritten: number }> {
  const history = new RawCounterWriter(c.databases.trends);
  const end = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const start = end - 365 * DAY;
  const perHour = yearItems / (365 * 24);
  const totalWeight = SOURCES.reduce((a, s) => a + s.weight, 0);

  // 1. A year of history straight into the rollups: one document per scope and day (hourly slots),
  //    per scope and month (daily slots) and per scope and year (monthly slots), exactly the
  //    documents ingestion would have built.
  console.log(`loading a year of history standing for ${yearItems.toLocaleString()} items …`);
  const scopeDocs: ScopeDoc[] = [
    ...KINDS.map((k): ScopeDoc => ({ _id: kindScope(k), type: 'kind', kind: k })),
    ...LABELS.map((l): ScopeDoc => ({ _id: labelScope(l), type: 'label', label: l })),
    ...SOURCES.map((s): ScopeDoc => ({ _id: sourceScope(s.id, s.kind), type: 'source', sourceId: s.id, kind: s.kind, label: s.label })),
  ];
  const t0 = performance.now();
  let items = 0;
  let docsWritten = 0;
  /**
   * Day totals accumulated into one period's documents (a month of day slots, a year of month
   * slots), core and aspect metrics apart, written once when the period ends.
   */
  const periodLevel = (core: 'd' | 'm', aspects: 'a' | 'ma', periodOf: (day: string) => string, slotOf: (day: string) => string) => {
    let period = '';
    let coreDocs = new Map<string, CounterFields>();
    let aspectDocs = new Map<string, CounterFields>();
    const write = async () => {
      const docs = [
        ...[...coreDocs].map(([scope, inc]) => ({ g: core, period, scope, inc })),
        ...[...aspectDocs].map(([scope, inc]) => ({ g: aspects, period, scope, inc })),
      ];
      await history.incrementRaw(docs);
      docsWritten += docs.length;
      coreDocs = new Map();
      aspectDocs = new Map();
    };
    return {
      /** Writes the previous period when `day` starts a new one. */
      async enter(day: string) {
        if (periodOf(day) === period) return;
        if (period) await write();
        period = periodOf(day);
      },
      add(day: string, scope: string, totals: CounterFields) {
        addPrefixed(coreDocs.get(scope) ?? coreDocs.set(scope, {}).get(scope)!, slotOf(day), totals, false);
        addPrefixed(aspectDocs.get(scope) ?? aspectDocs.set(scope, {}).get(scope)!, slotOf(day), totals, true);
      },
      finish: write,
    };
  };
  const months = periodLevel('d', 'a', (day) => day.slice(0, 7), (day) => day.slice(8, 10));
  const years = periodLevel('m', 'ma', (day) => day.slice(0, 4), (day) => day.slice(5, 7));
  for (let d = start; d < end; d += DAY) {
    const day = dayKey(new Date(d));
    await months.enter(day);
    await years.enter(day);
    const dayDocs = new Map<Scope, CounterFields>();
    const dayTotals = new Map<Scope, CounterFields>();
    for (let h = 0; h < 24; h++) {
      const diurnal = DIURNAL[h]!;
      for (const s of SOURCES) {
        const n = Math.max(0, Math.round(((perHour * s.weight) / totalWeight) * diurnal * (0.85 + rand() * 0.3)));
        if (n === 0) continue;
        items += n;
        const f = hourMetrics(n, s.kind);
        for (const scope of [ALL_SCOPE, kindScope(s.kind), labelScope(s.label), sourceScope(s.id, s.kind)]) {
          addPrefixed(dayDocs.get(scope) ?? dayDocs.set(scope, {}).get(scope)!, String(h).padStart(2, '0'), f, false);
          const tot = dayTotals.get(scope) ?? dayTotals.set(scope, {}).get(scope)!;
          for (const [k, v] of Object.entries(f)) tot[k] = (tot[k] ?? 0) + v;
        }
      }
    }
    await history.incrementRaw([...dayDocs].map(([scope, inc]) => ({ g: 'h' as const, period: day, scope, inc })), d === start ? scopeDocs : []);
    docsWritten += dayDocs.size;
    for (const [scope, tot] of dayTotals) {
      months.add(day, scope, tot);
      years.add(day, scope, tot);
    }
    // Terms: a Zipf-like vocabulary per day, overall and per label.
    const termDocs = [ALL_SCOPE, ...LABELS.map(labelScope)].map((scope) => {
      const n = scope === ALL_SCOPE ? dayTotals.get(ALL_SCOPE)?.n ?? 0 : dayTotals.get(scope)?.n ?? 0;
      const inc: CounterFields = { [TERM_ITEMS]: n };
      for (let r = 0; r < 1000; r++) inc[VOCAB[(r * 7 + Math.floor(rand() * 40)) % VOCAB.length]!] = Math.max(1, Math.round((n * 0.3) / (r + 1)));
      return { day, scope, inc };
    });
    await history.incrementTermsRaw(termDocs);
    docsWritten += termDocs.length;
    if ((d - start) / DAY % 10 === 9) console.log(`  … ${day}: ${items.toLocaleString()} items, ${docsWritten} documents, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await months.finish();
  await years.finish();
  console.log(`history: ${items.toLocaleString()} items as ${docsWritten.toLocaleString()} rollup documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { start, end, items, docsWritten };
}
