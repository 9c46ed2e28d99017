import { useState } from 'preact/hooks';
import { qs } from '../api.ts';
import { Bars, Drill, LineChart, Note, Panel, Stat, useFetch, type DrillQuery } from '../components.tsx';
import { SPAN, TrendFilters, trendParams, useTrendFilter } from '../filters.tsx';
import { fmt, pct } from '../format.ts';

interface SatisfactionBucket {
  bucket: string;
  start: string;
  volume: number;
  satisfactionMix: { dissatisfied: number; satisfied: number; delighted: number };
  csat: { score: number | null; count: number };
  nps: { score: number | null; count: number };
}
interface Totals {
  satisfactionMix: { dissatisfied: number; satisfied: number; delighted: number };
  csat: { score: number | null; count: number; meanRating: number | null };
  nps: { score: number | null; count: number; promoters: number; detractors: number };
}

export function SatisfactionPage() {
  const [filter, setFilter] = useTrendFilter();
  const [drill, setDrill] = useState<DrillQuery | null>(null);
  const params = trendParams(filter);
  const series = useFetch<{ buckets: SatisfactionBucket[] }>(`/v1/trends/satisfaction${qs(params)}`);
  const metrics = useFetch<{ totals: Totals }>(`/v1/trends/metrics${qs(params)}`);
  const aspects = useFetch<{ aspects: Array<{ aspect: string; items: number; nps: number | null; impact: { nps: number | null } }> }>(metrics.data ? `/v1/trends/aspects${qs(params)}` : null);
  const t = metrics.data?.totals;
  const b = series.data?.buckets ?? [];
  const x = b.map((r) => Date.parse(r.start) / 1000);
  const scope = { label: params.label, source: params.source, kind: params.kind };
  return (
    <>
      <h1>Satisfaction</h1>
      <TrendFilters value={filter} onChange={setFilter} figuresShown={Boolean(metrics.data || metrics.error)} />
      {t ? (
        <div class="stats" data-ready="satisfaction" data-query={JSON.stringify(params)}>
          <Stat testId="csat" label="CSAT" value={pct(t.csat.score)} hint={`${fmt(t.csat.count)} ratings, mean ${fmt(t.csat.meanRating, 2)}`} />
          <Stat testId="nps" label="NPS (points)" value={fmt(t.nps.score, 1)} hint={`${fmt(t.nps.promoters)} promoters, ${fmt(t.nps.detractors)} detractors of ${fmt(t.nps.count)}`} />
          <Stat testId="dissatisfied" label="Dissatisfied" value={fmt(t.satisfactionMix.dissatisfied)} />
          <Stat testId="satisfied" label="Satisfied" value={fmt(t.satisfactionMix.satisfied)} />
          <Stat testId="delighted" label="Delighted" value={fmt(t.satisfactionMix.delighted)} />
        </div>
      ) : (
        <Note error={metrics.error}>Loading figures…</Note>
      )}
      <div class="grid">
        <Panel title="Dissatisfied, satisfied and delighted over time" wide>
          {series.data ? (
            <LineChart
              label={`Satisfaction mix per ${filter.interval}. Click a point to see that bucket's complaints and praise.`}
              x={x}
              series={[
                { label: 'Dissatisfied', values: b.map((r) => r.satisfactionMix.dissatisfied), color: '#c62828' },
                { label: 'Satisfied', values: b.map((r) => r.satisfactionMix.satisfied), color: '#1565c0' },
                { label: 'Delighted', values: b.map((r) => r.satisfactionMix.delighted), color: '#2e7d32' },
              ]}
              onPick={(i) => {
                const r = b[i];
                if (!r) return;
                setDrill({ title: `Items in ${filter.interval} ${r.bucket}`, params: { ...scope, from: r.start, to: new Date(Date.parse(r.start) + SPAN[filter.interval]).toISOString() } });
              }}
            />
          ) : (
            <Note error={series.error}>Loading…</Note>
          )}
        </Panel>
        {drill ? <Drill query={drill} onClose={() => setDrill(null)} /> : null}
        <Panel title="NPS and CSAT trend" wide>
          {series.data ? (
            <LineChart
              label={`NPS and CSAT per ${filter.interval}`}
              x={x}
              series={[
                { label: 'NPS', values: b.map((r) => r.nps.score), color: '#6a1b9a' },
                { label: 'CSAT %', values: b.map((r) => r.csat.score), color: '#ef6c00' },
              ]}
            />
          ) : null}
        </Panel>
        <Panel title="Aspect impact on NPS">
          {aspects.data ? (
            <Bars
              name="NPS points each aspect adds or costs"
              rows={aspects.data.aspects.filter((a) => a.impact.nps !== null).map((a) => ({ key: a.aspect, label: a.aspect, value: a.impact.nps ?? 0, display: `${fmt(a.impact.nps, 1)} pts (NPS ${fmt(a.nps, 1)})` }))}
            />
          ) : (
            <Note error={aspects.error}>Loading…</Note>
          )}
        </Panel>
      </div>
    </>
  );
}
