import { useRef, useState } from 'preact/hooks';
import { qs } from './api.ts';
import { Choice, useFetch } from './components.tsx';
import { DAY, HOUR } from './format.ts';

export type Interval = 'hour' | 'day' | 'week';
export interface TrendFilter {
  interval: Interval;
  days: string;
  label: string;
  source: string;
  kind: string;
}

export const SPAN: Record<Interval, number> = { hour: HOUR, day: DAY, week: 7 * DAY };
const PERIODS: Record<Interval, Array<[string, string]>> = {
  hour: [['1', 'Last 24 hours'], ['2', 'Last 48 hours'], ['7', 'Last 7 days'], ['31', 'Last 31 days']],
  day: [['7', 'Last 7 days'], ['14', 'Last 14 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['365', 'Last 365 days']],
  week: [['56', 'Last 8 weeks'], ['84', 'Last 12 weeks'], ['182', 'Last 26 weeks'], ['364', 'Last 52 weeks']],
};

const DEFAULT_DAYS: Record<Interval, string> = { hour: '2', day: '30', week: '84' };

export function useTrendFilter(initial: Partial<TrendFilter> = {}) {
  return useState<TrendFilter>({ interval: 'day', days: '30', label: '', source: '', kind: '', ...initial });
}

/** The trend query for a filter: [from, to) ends at the next full hour, so a page's repeated reads ask the same thing. */
export function trendParams(f: TrendFilter, now = Date.now()) {
  const to = Math.ceil(now / HOUR) * HOUR;
  return {
    interval: f.interval,
    from: new Date(to - Number(f.days) * DAY).toISOString(),
    to: new Date(to).toISOString(),
    label: f.label || undefined,
    source: f.source || undefined,
    kind: f.kind || undefined,
  };
}

/**
 * `figuresShown`: the page's figures are on screen (or failed). The label and source lists wait for
 * them once, so their reads (a year's breakdown for the labels) do not queue in front of the
 * request that shows the page's data.
 */
export function TrendFilters({ value, onChange, figuresShown }: { value: TrendFilter; onChange: (f: TrendFilter) => void; figuresShown: boolean }) {
  const asked = useRef(false);
  asked.current ||= figuresShown;
  // Labels seen in the last year; by week, the breakdown reads month and year rollups (cheap).
  const labels = useFetch<{ groups: Array<{ key: string; label?: string }> }>(
    asked.current ? `/v1/trends/breakdown${qs({ by: 'label', interval: 'week', from: new Date(Math.floor(Date.now() / DAY) * DAY - 364 * DAY).toISOString(), to: new Date(Math.ceil(Date.now() / DAY) * DAY).toISOString() })}` : null,
  );
  const sources = useFetch<{ sources: Array<{ id: string; name: string }> }>(asked.current ? '/v1/sources' : null);
  const set = (patch: Partial<TrendFilter>) => onChange({ ...value, ...patch });
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <Choice
        label="Interval"
        value={value.interval}
        options={[['hour', 'Hour'], ['day', 'Day'], ['week', 'Week']]}
        onChange={(interval) => set({ interval, days: PERIODS[interval].some(([d]) => d === value.days) ? value.days : DEFAULT_DAYS[interval] })}
      />
      <Choice label="Period" value={value.days} options={PERIODS[value.interval]} onChange={(days) => set({ days })} />
      <Choice label="Label" value={value.label} options={[['', 'All labels'], ...(labels.data?.groups ?? []).map((g): [string, string] => [g.label ?? g.key, g.label ?? g.key])]} onChange={(label) => set({ label })} />
      <Choice label="Source" value={value.source} options={[['', 'All sources'], ['push', 'Pushed items'], ...(sources.data?.sources ?? []).map((s): [string, string] => [s.id, s.name])]} onChange={(source) => set({ source })} />
      <Choice label="Kind" value={value.kind} options={[['', 'All kinds'], ['review', 'Reviews'], ['survey', 'Surveys'], ['mention', 'Mentions']]} onChange={(kind) => set({ kind })} />
    </form>
  );
}
