import { useEffect, useRef, useState } from 'preact/hooks';
import { qs } from '../api.ts';
import { Bars, Drill, ItemCard, LineChart, Note, Panel, Stat, useEvery, useFetch, type DrillQuery, type Item } from '../components.tsx';
import { SPAN, TrendFilters, trendParams, useTrendFilter } from '../filters.tsx';
import { fmt, HOUR, pct, when } from '../format.ts';

interface Metrics {
  volume: number;
  velocity: number;
  reachWeightedVolume: number;
  advocacy: { count: number; rate: number | null };
  complaints: { count: number; rate: number | null };
  categories: Record<'experience' | 'complaint' | 'advocacy' | 'neutral' | 'notScored', number>;
  netSentiment: number | null;
}
interface MetricsAnswer {
  buckets: Array<Metrics & { bucket: string; start: string }>;
  totals: Metrics;
}
export interface Alert {
  _id: string;
  label: string | null;
  series: string;
  start: string;
  severity: string;
  status: string;
  figures: { value: number; median: number; z: number };
  topTerms: string[];
  /** Only on `failed_batch` alerts: a job that ran out of retries. */
  failure?: { jobId: string; items: number | null; error: string; retry: string };
}
interface TermMove {
  term: string;
  current: number;
  previous: number;
  change: number;
}

/** Report categories, with the classifier's category an item drill filters on (`experience` is its `satisfaction`). */
const CATEGORIES = [
  ['complaint', 'complaint'],
  ['experience', 'satisfaction'],
  ['advocacy', 'advocacy'],
  ['neutral', 'neutral'],
] as const;

/** One sentence that says why an alert fired. */
export function explainAlert(a: Alert): string {
  if (a.failure) {
    const items = a.failure.items === null ? 'A job' : `A batch of ${a.failure.items} items`;
    return `${a.label ?? 'All labels'}: ${items} (${a.failure.jobId}) ran out of retries at ${when(a.start)}: ${a.failure.error}. Retry it with ${a.failure.retry}.`;
  }
  const what = a.series === 'volume' ? 'items' : a.series === 'complaints' ? 'complaints' : a.series.replace(/_/g, ' ');
  const terms = a.topTerms.length ? `; talk is about “${a.topTerms.slice(0, 3).join('”, “')}”` : '';
  return `${a.label ?? 'All labels'}: ${fmt(a.figures.value, 1)} ${what} in the hour from ${when(a.start)} against a usual ${fmt(a.figures.median, 1)} (robust z ${fmt(a.figures.z, 1)})${terms}.`;
}

/** Each alert is marked on the bucket that holds its hour. */
function bucketsWithAlerts(buckets: Array<{ start: string }>, alerts: Alert[]): number[] {
  const starts = buckets.map((b) => Date.parse(b.start));
  const marks = new Set<number>();
  for (const a of alerts) {
    const at = Date.parse(a.start);
    const holder = starts.filter((s) => s <= at).pop();
    if (holder !== undefined) marks.add(holder / 1000);
  }
  return [...marks];
}

export function BuzzPage() {
  const [filter, setFilter] = useTrendFilter();
  const [drill, setDrill] = useState<DrillQuery | null>(null);
  const params = trendParams(filter);
  const metrics = useFetch<MetricsAnswer>(`/v1/trends/metrics${qs(params)}`);
  // The headline figures and the chart first; the panels below ask once those are on screen.
  const after = (path: string) => (metrics.data ? path : null);
  const figuresShown = Boolean(metrics.data || metrics.error);
  const sov = useFetch<{ labels: Array<{ label: string; volume: number; share: number | null; netSentiment: number | null }> }>(after(`/v1/trends/share-of-voice${qs(params)}`));
  const aspects = useFetch<{ aspects: Array<{ aspect: string; items: number; netSentiment: number | null; impact: { netSentiment: number | null } }> }>(after(`/v1/trends/aspects${qs(params)}`));
  const terms = useFetch<{ rising: TermMove[]; falling: TermMove[]; top: TermMove[] }>(after(`/v1/trends/terms${qs({ from: params.from, to: params.to, label: params.label })}`));
  const alerts = useFetch<{ alerts: Alert[] }>(`/v1/alerts${qs({ from: params.from, to: params.to, limit: 50 })}`);
  // A cheap pulse (the count of the last and this hour, one rollup read) decides when to ask again
  // for the items and figures; it starts once the figures are on screen. Items are stored before
  // they are counted, so the latest items are read only after the pulse's first answer: an item
  // counted after it changes the pulse, one counted before it is in the read. The window keeps the
  // last hour so an item counted just after the hour turns still moves it, and a moved window
  // counts as a change.
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  const pulseFrom = new Date(hour - HOUR).toISOString();
  const pulse = useFetch<{ buckets: Array<{ volume: number }> }>(
    figuresShown ? `/v1/trends/buzz${qs({ interval: 'hour', from: pulseFrom, to: new Date(hour + HOUR).toISOString(), label: params.label, source: params.source, kind: params.kind })}` : null,
  );
  const pulseMark = pulse.data ? `${pulseFrom}|${pulse.data.buckets.reduce((sum, b) => sum + b.volume, 0)}` : undefined;
  const latest = useFetch<{ items: Item[] }>(
    pulse.data || pulse.error ? `/v1/items${qs({ label: params.label, source: params.source, kind: params.kind, limit: 5 })}` : null,
  );
  const lastPulse = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (pulseMark === undefined) return;
    if (lastPulse.current !== undefined && pulseMark !== lastPulse.current) {
      latest.reload();
      metrics.reload();
    }
    lastPulse.current = pulseMark;
  }, [pulseMark]);
  useEvery(10_000, () => pulse.reload());

  const m = metrics.data;
  const scope = { label: params.label, source: params.source, kind: params.kind };
  const bucketDrill = (i: number, category?: string) => {
    const b = m?.buckets[i];
    if (!b) return;
    const from = new Date(b.start);
    setDrill({
      title: `Items in ${filter.interval} ${b.bucket}${category ? ` (${category})` : ''}`,
      params: { ...scope, category, from: from.toISOString(), to: new Date(from.getTime() + SPAN[filter.interval]).toISOString() },
    });
  };
  const relevantAlerts = (alerts.data?.alerts ?? []).filter((a) => !a.failure && (!params.label || a.label === null || a.label === params.label));

  return (
    <>
      <h1>Buzz</h1>
      <TrendFilters value={filter} onChange={setFilter} figuresShown={figuresShown} />
      {metrics.error ? <Note error={metrics.error} /> : null}
      {m ? (
        <div class="stats" data-ready="buzz" data-query={JSON.stringify(params)}>
          <Stat testId="volume" label="Items" value={fmt(m.totals.volume)} hint={`${fmt(m.totals.velocity, 2)} per hour`} />
          <Stat testId="net-sentiment" label="Net sentiment" value={fmt(m.totals.netSentiment, 1)} hint="positive − negative, points (% of scored items)" />
          <Stat testId="reach" label="Reach-weighted volume" value={fmt(m.totals.reachWeightedVolume)} hint="Σ (1 + reach)" />
          <Stat testId="advocacy" label="Advocacy rate" value={pct(m.totals.advocacy.rate)} hint={`${fmt(m.totals.advocacy.count)} advocates`} />
          <Stat testId="complaints" label="Complaint rate" value={pct(m.totals.complaints.rate)} hint={`${fmt(m.totals.complaints.count)} complaints`} />
        </div>
      ) : (
        <Note>Loading figures…</Note>
      )}
      <div class="grid">
        <Panel title="Volume and velocity" wide>
          {m ? (
            <>
              <LineChart
                label={`Volume per ${filter.interval}; spike alerts marked in red. Click a point to see its items, or use the table below.`}
                x={m.buckets.map((b) => Date.parse(b.start) / 1000)}
                series={[
                  { label: 'Items', values: m.buckets.map((b) => b.volume), color: '#1565c0' },
                  { label: 'Complaints', values: m.buckets.map((b) => b.categories.complaint), color: '#c62828' },
                  { label: 'Advocacy', values: m.buckets.map((b) => b.categories.advocacy), color: '#2e7d32' },
                ]}
                marks={bucketsWithAlerts(m.buckets, relevantAlerts)}
                onPick={(i) => bucketDrill(i)}
              />
              {relevantAlerts.length ? (
                <ul class="alerts-inline" aria-label="Spike alerts in this period">
                  {relevantAlerts.map((a) => (
                    <li key={a._id} class={`severity-${a.severity}`}>
                      <strong>Spike</strong> {explainAlert(a)}
                    </li>
                  ))}
                </ul>
              ) : null}
              <details>
                <summary>Buckets as a table (select one to see its items)</summary>
                <table class="buckets">
                  <thead>
                    <tr>
                      <th scope="col">{filter.interval}</th>
                      <th scope="col">Volume</th>
                      <th scope="col">Complaints</th>
                      <th scope="col">Advocacy</th>
                      <th scope="col">Net sentiment</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.buckets.map((b, i) => (
                      <tr key={b.bucket} data-bucket={b.bucket}>
                        <td>
                          <button type="button" class="link" onClick={() => bucketDrill(i)}>
                            {b.bucket}
                          </button>
                        </td>
                        <td>{fmt(b.volume)}</td>
                        <td>{fmt(b.categories.complaint)}</td>
                        <td>{fmt(b.categories.advocacy)}</td>
                        <td>{fmt(b.netSentiment, 1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </>
          ) : null}
        </Panel>
        {drill ? <Drill query={drill} onClose={() => setDrill(null)} /> : null}
        <Panel title="Category mix">
          {m ? (
            <Bars
              name="Items per category"
              rows={CATEGORIES.map(([c, classified]) => ({ key: classified, label: c, value: m.totals.categories[c] }))}
              onPick={(r) => setDrill({ title: `${r.label} items in the period`, params: { ...scope, category: r.key, from: params.from, to: params.to } })}
            />
          ) : null}
        </Panel>
        <Panel title="Share of voice">
          {sov.error ? <Note error={sov.error} /> : null}
          {sov.data ? (
            <Bars
              name="Share of voice per label"
              rows={sov.data.labels.map((l) => ({ key: l.label, label: l.label, value: l.share ?? 0, display: `${pct(l.share)} · ${fmt(l.volume)} items` }))}
              onPick={(r) => setDrill({ title: `Items of ${r.label} in the period`, params: { label: r.key, source: params.source, kind: params.kind, from: params.from, to: params.to } })}
            />
          ) : null}
        </Panel>
        <Panel title="Rising and falling terms">
          {terms.data ? (
            <div class="two">
              <TermList title="Rising" moves={terms.data.rising.length ? terms.data.rising : terms.data.top} />
              <TermList title="Falling" moves={terms.data.falling} />
            </div>
          ) : (
            <Note error={terms.error}>Loading terms…</Note>
          )}
        </Panel>
        <Panel title="Aspect impact (7 P)">
          {aspects.data ? (
            <Bars
              name="Impact of each aspect on net sentiment, in points"
              rows={aspects.data.aspects.filter((a) => a.items > 0).map((a) => ({ key: a.aspect, label: a.aspect, value: a.impact.netSentiment ?? 0, display: `${fmt(a.impact.netSentiment, 1)} pts · ${fmt(a.items)} items` }))}
            />
          ) : (
            <Note error={aspects.error}>Loading aspects…</Note>
          )}
        </Panel>
        <Panel title="Latest items">
          <p class="muted">New items appear here within 10 seconds.</p>
          {latest.data ? (
            <div aria-live="polite" data-latest>
              {latest.data.items.map((i) => (
                <ItemCard key={i.id} item={i} />
              ))}
            </div>
          ) : (
            <Note error={latest.error}>Loading items…</Note>
          )}
        </Panel>
      </div>
    </>
  );
}

function TermList({ title, moves }: { title: string; moves: TermMove[] }) {
  return (
    <div>
      <h3>{title}</h3>
      {moves.length ? (
        <ol class="terms">
          {moves.map((t) => (
            <li key={t.term}>
              {t.term} <span class="muted">{`${fmt(t.previous)} → ${fmt(t.current)}`}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">None</p>
      )}
    </div>
  );
}
