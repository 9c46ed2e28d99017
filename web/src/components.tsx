import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { api, qs } from './api.ts';
import { fmt, when } from './format.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** Fetches `path` (null: nothing yet) and again whenever it changes or `reload()` is called. */
export function useFetch<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T>(path).then(
      (data) => live && setState({ data, error: null }),
      (err: Error) => live && setState({ data: null, error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** Calls `fn` every `ms` while the page is visible (new items and cases appear without a reload). */
export function useEvery(ms: number, fn: () => void): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    const id = setInterval(() => document.visibilityState === 'visible' && saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}

export function Panel({ title, children, id, wide }: { title: string; children: ComponentChildren; id?: string; wide?: boolean }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-h`;
  return (
    <section class={wide ? 'panel wide' : 'panel'} aria-labelledby={headingId} id={id}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

export function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div class="stat" data-stat={testId}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {hint ? <div class="stat-hint">{hint}</div> : null}
    </div>
  );
}

export function Note({ error, children }: { error?: string | null; children?: ComponentChildren }) {
  if (error) return <p class="error" role="alert">{error}</p>;
  return <p class="muted">{children}</p>;
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Choice<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: Array<[T, string]>; onChange: (v: T) => void }) {
  return (
    <Field label={label}>
      <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

export interface BarRow {
  key: string;
  label: string;
  value: number;
  display?: string;
}

/** Horizontal bars; each bar is a button when `onPick` is given (drill-down). */
export function Bars({ rows, onPick, name }: { rows: BarRow[]; onPick?: (row: BarRow) => void; name: string }) {
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.value)));
  return (
    <ul class="bars" aria-label={name}>
      {rows.map((r) => {
        const body = (
          <>
            <span class="bar-label">{r.label}</span>
            <span class="bar-track" aria-hidden="true">
              <span class={r.value < 0 ? 'bar-fill negative' : 'bar-fill'} style={{ width: `${(Math.abs(r.value) / max) * 100}%` }} />
            </span>
            <span class="bar-value">{r.display ?? fmt(r.value)}</span>
            {onPick ? <span class="sr-only"> — show the items</span> : null}
          </>
        );
        return (
          <li key={r.key} data-bar={r.key}>
            {onPick ? (
              <button type="button" class="bar" onClick={() => onPick(r)}>
                {body}
              </button>
            ) : (
              <div class="bar">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export interface Series {
  label: string;
  values: Array<number | null>;
  color: string;
}

/** A uPlot line chart; a click on the plot picks the bucket under the cursor. Spike marks are drawn as red lines. */
export function LineChart({ x, series, marks = [], onPick, label }: { x: number[]; series: Series[]; marks?: number[]; onPick?: (index: number) => void; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    const el = host.current;
    if (!el || x.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 240,
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: x.length < 60 } }))],
        axes: [{}, { size: 60 }],
        cursor: { drag: { x: false, y: false } },
        hooks: {
          draw: [
            (u: uPlot) => {
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = '#c62828';
              ctx.lineWidth = 2;
              ctx.setLineDash([6, 4]);
              for (const at of marks) {
                const px = u.valToPos(at, 'x', true);
                if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
                ctx.beginPath();
                ctx.moveTo(px, u.bbox.top);
                ctx.lineTo(px, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
          ready: [
            (u: uPlot) => {
              u.over.addEventListener('click', () => {
                const idx = u.cursor.idx;
                if (idx !== null && idx !== undefined && pick.current) pick.current(idx);
              });
            },
          ],
        },
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = () => plot.setSize({ width: Math.max(320, el.clientWidth), height: 240 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [JSON.stringify(x), JSON.stringify(series), JSON.stringify(marks)]);
  return <div class="chart" ref={host} role="img" aria-label={label} />;
}

export interface Item {
  id: string;
  label: string;
  kind: string;
  sourceId: string;
  url: string | null;
  text: string;
  rating: number | null;
  nps: number | null;
  duplicateOf: string | null;
  publishedAt: string;
  classification: {
    category: string;
    confidence: number;
    cues: string[];
    sentiment: { label: string; score: number };
    satisfaction: string | null;
    complaint: { intent: string; blame: string } | null;
    aspects: string[];
  };
}

export function ItemCard({ item }: { item: Item }) {
  const c = item.classification;
  return (
    <article class="item" data-item={item.id}>
      <p class="item-text">{item.text}</p>
      <p class="item-meta">
        <span class={`tag ${c.category}`}>{c.category}</span>
        {c.complaint ? <span class="tag">{`${c.complaint.intent} · ${c.complaint.blame}`}</span> : null}
        {c.satisfaction ? <span class="tag">{c.satisfaction}</span> : null}
        <span>confidence {fmt(c.confidence * 100)} %</span>
        {c.cues.length ? <span>cues: {c.cues.join(', ')}</span> : null}
        {c.aspects.length ? <span>aspects: {c.aspects.join(', ')}</span> : null}
      </p>
      <p class="item-meta">
        <span>
          {item.label} · {item.kind} · {when(item.publishedAt)}
        </span>
        {item.rating !== null ? <span>rating {item.rating}</span> : null}
        {item.nps !== null ? <span>NPS {item.nps}</span> : null}
        {item.duplicateOf ? <span>cross-post (counted once)</span> : null}
        {item.url ? (
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            source
          </a>
        ) : null}
      </p>
    </article>
  );
}

export interface DrillQuery {
  title: string;
  params: Record<string, string | undefined>;
}

const PAGE = 20;

/** The items behind a chart bucket or a bar, newest first, a page at a time. */
export function Drill({ query, onClose }: { query: DrillQuery; onClose: () => void }) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useFetch<{ items: Item[]; nextCursor: string | null }>(`/v1/items${qs({ ...query.params, limit: PAGE, cursor })}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setCursors([null]);
    heading.current?.focus();
  }, [JSON.stringify(query)]);
  return (
    <section class="panel wide drill" aria-labelledby="drill-h" data-drill>
      <div class="row spread">
        <h2 id="drill-h" tabIndex={-1} ref={heading}>
          {query.title}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {page.error ? <Note error={page.error} /> : null}
      {page.data ? (
        <>
          <p class="muted" data-drill-count={page.data.items.length}>
            Page {cursors.length}: {page.data.items.length} item{page.data.items.length === 1 ? '' : 's'}
          </p>
          {page.data.items.map((i) => (
            <ItemCard key={i.id} item={i} />
          ))}
          <div class="row">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </button>
            <button type="button" disabled={!page.data.nextCursor} onClick={() => setCursors([...cursors, page.data!.nextCursor])}>
              Next page
            </button>
          </div>
        </>
      ) : (
        <Note>Loading items…</Note>
      )}
    </section>
  );
}
