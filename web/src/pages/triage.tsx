import { useEffect, useRef, useState } from 'preact/hooks';
import { api, qs, type Role } from '../api.ts';
import { Choice, Field, Note, Panel, useEvery, useFetch } from '../components.tsx';
import { duration, fmt, when } from '../format.ts';
import { can } from '../roles.ts';

interface Reason {
  factor: string;
  value: unknown;
  points: number;
  why: string;
}
export interface Case {
  id: string;
  itemId: string;
  status: 'open' | 'acknowledged' | 'resolved' | 'dismissed';
  priority: number;
  priorityReasons: Reason[];
  sla: { tier: string; hours: number; dueAt: string; breached: boolean };
  tier: string;
  atRisk: boolean;
  customer: { externalId: string } | null;
  intent: string;
  blame: string;
  text: string;
  assignee: string | null;
  notes: Array<{ at: string; by: string; text: string }>;
  source: { label: string; kind: string };
  publishedAt: string;
  history?: Array<{ at: string; by: string; action: string; from?: string; to?: string; text?: string; assignee?: string | null }>;
}
interface Customer {
  externalId: string;
  tier: string;
  atRisk: boolean;
  ltv: { value: number; text: string };
}

const SHORTCUTS: Array<[string, string]> = [
  ['j or ↓', 'next case'],
  ['k or ↑', 'previous case'],
  ['a', 'acknowledge the selected case'],
  ['r', 'resolve the selected case'],
  ['x', 'dismiss the selected case'],
];

/** LTV of the customers on the page (each looked up once per visit). */
function useCustomers(ids: string[]): Map<string, Customer> {
  const [known, setKnown] = useState(new Map<string, Customer>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (!missing.length) return;
    Promise.all(missing.map((id) => api<Customer>(`/v1/customers/${encodeURIComponent(id)}`).catch(() => null))).then((found) => {
      setKnown((prev) => {
        const next = new Map(prev);
        for (const c of found) if (c) next.set(c.externalId, c);
        return next;
      });
    });
  }, [key]);
  return known;
}

function slaText(c: Case, now: number): string {
  if (c.status === 'resolved' || c.status === 'dismissed') return c.status;
  const left = Date.parse(c.sla.dueAt) - now;
  return left >= 0 ? `due in ${duration(left)}` : `breached ${duration(left)} ago`;
}

export function TriagePage({ role }: { role: Role }) {
  const [f, setF] = useState({ status: 'active', intent: '', blame: '', tier: '', assignee: '', breached: '' });
  const queue = useFetch<{ cases: Case[]; nextCursor: string | null }>(`/v1/cases${qs({ ...f, limit: 50 })}`);
  // The selection follows the case, not its row: a re-ranked queue must not move an action onto another case.
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEvery(20_000, () => queue.reload());
  useEvery(30_000, () => setNow(Date.now()));
  const cases = queue.data?.cases ?? [];
  const found = cases.findIndex((c) => c.id === selectedId);
  const selected = found >= 0 ? found : 0;
  const current = cases[selected];
  const select = (i: number) => setSelectedId(cases[Math.max(0, Math.min(cases.length - 1, i))]?.id ?? null);
  const customers = useCustomers(cases.flatMap((c) => (c.customer ? [c.customer.externalId] : [])));
  const worker = can.workCases(role);

  const act = async (c: Case | undefined, change: { status?: string; assignee?: string | null; note?: string }) => {
    if (!c) return;
    try {
      if (change.status === 'resolved' && c.status === 'open') await api(`/v1/cases/${c.id}`, { method: 'PATCH', body: { status: 'acknowledged' } });
      await api(`/v1/cases/${c.id}`, { method: 'PATCH', body: change });
      setMessage(change.status ? `Case ${change.status}.` : change.note ? 'Note added.' : 'Case assigned.');
      queue.reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) return;
    if (e.key === 'j' || e.key === 'ArrowDown') select(selected + 1);
    else if (e.key === 'k' || e.key === 'ArrowUp') select(selected - 1);
    else if (worker && e.key === 'a' && current?.status === 'open') void act(current, { status: 'acknowledged' });
    else if (worker && e.key === 'r' && current && ['open', 'acknowledged'].includes(current.status)) void act(current, { status: 'resolved' });
    else if (worker && e.key === 'x' && current && ['open', 'acknowledged'].includes(current.status)) void act(current, { status: 'dismissed' });
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const handler = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);
  useEffect(() => {
    document.querySelector(`[data-case-row="${current?.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [current?.id]);

  const set = (patch: Partial<typeof f>) => {
    setSelectedId(null);
    setF({ ...f, ...patch });
  };
  const bulk = async () => {
    try {
      const filter = { ...(f.tier ? { tier: f.tier } : {}), ...(f.blame ? { blame: f.blame } : {}) };
      const res = await api<{ acknowledged: number }>('/v1/cases/acknowledge-venting', { method: 'POST', body: { filter, note: 'Acknowledged in bulk (venting)' } });
      setMessage(`${fmt(res.acknowledged)} venting cases acknowledged.`);
      queue.reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  return (
    <>
      <h1>Triage desk</h1>
      <form class="filters" aria-label="Case filters" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Status" value={f.status} options={[['active', 'Active'], ['open', 'Open'], ['acknowledged', 'Acknowledged'], ['resolved', 'Resolved'], ['dismissed', 'Dismissed'], ['all', 'All']]} onChange={(status) => set({ status })} />
        <Choice label="Intent" value={f.intent} options={[['', 'Any intent'], ['instrumental', 'Asks for a remedy'], ['non-instrumental', 'Venting']]} onChange={(intent) => set({ intent })} />
        <Choice label="Blame" value={f.blame} options={[['', 'Any blame'], ['ostensive', 'Blames the company'], ['reflexive', 'Blames themselves']]} onChange={(blame) => set({ blame })} />
        <Choice label="Tier" value={f.tier} options={[['', 'Any tier'], ['mvc', 'MVC'], ['core', 'Core'], ['unknown', 'Unknown'], ['at-risk', 'At risk']]} onChange={(tier) => set({ tier })} />
        <Choice label="SLA" value={f.breached} options={[['', 'Any'], ['true', 'Breached'], ['false', 'Within SLA']]} onChange={(breached) => set({ breached })} />
        <Field label="Assignee">
          <input value={f.assignee} onChange={(e) => set({ assignee: (e.target as HTMLInputElement).value.trim() })} placeholder="anyone" />
        </Field>
      </form>
      <details class="shortcuts" open>
        <summary>Keyboard shortcuts</summary>
        <dl>
          {SHORTCUTS.filter(([k]) => worker || k.startsWith('j') || k.startsWith('k')).map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </details>
      {worker ? (
        <div class="row">
          <button type="button" onClick={bulk}>
            Acknowledge all venting cases{f.tier || f.blame ? ' (with these filters)' : ''}
          </button>
        </div>
      ) : null}
      {message ? (
        <p class="status" role="status">
          {message}
        </p>
      ) : null}
      <div class="desk">
        <Panel title={`Queue (${fmt(cases.length)}${queue.data?.nextCursor ? '+' : ''})`} id="queue">
          {queue.error ? <Note error={queue.error} /> : null}
          {queue.data ? (
            <ol class="queue" data-ready="triage" aria-label="Cases by priority">
              {cases.map((c, i) => {
                const customer = c.customer ? customers.get(c.customer.externalId) : undefined;
                return (
                  <li key={c.id} data-case-row={c.id} class={i === selected ? 'selected' : ''} aria-current={i === selected ? 'true' : undefined}>
                    <button type="button" class="case-row" onClick={() => select(i)}>
                      <span class="case-top">
                        <strong>{fmt(c.priority, 1)}</strong>
                        <span class={`tag ${c.intent}`}>{c.intent === 'instrumental' ? 'remedy' : 'venting'}</span>
                        <span class="tag">{c.tier}{c.atRisk ? ' · at risk' : ''}</span>
                        {customer ? <span class="tag">LTV {fmt(customer.ltv.value)}</span> : null}
                        <span class={c.sla.breached && ['open', 'acknowledged'].includes(c.status) ? 'sla breached' : 'sla'}>{slaText(c, now)}</span>
                        <span class="tag">{c.status}</span>
                      </span>
                      <span class="case-text">{c.text}</span>
                      <span class="muted">{c.priorityReasons.slice(0, 3).map((r) => r.why).join(' · ')}</span>
                    </button>
                  </li>
                );
              })}
            </ol>
          ) : (
            <Note>Loading cases…</Note>
          )}
        </Panel>
        {current ? <CaseView key={current.id} id={current.id} role={role} act={act} customer={current.customer ? customers.get(current.customer.externalId) : undefined} changed={queue.data} /> : null}
      </div>
    </>
  );
}

function CaseView({ id, role, act, customer, changed }: { id: string; role: Role; act: (c: Case, change: { status?: string; assignee?: string | null; note?: string }) => Promise<void>; customer?: Customer; changed: unknown }) {
  const detail = useFetch<Case>(`/v1/cases/${id}`);
  useEffect(() => detail.reload(), [changed]);
  const c = detail.data;
  const others = useFetch<{ cases: Case[] }>(c?.customer ? `/v1/cases${qs({ customer: c.customer.externalId, status: 'all', limit: 20 })}` : null);
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  if (!c) return <Panel title="Case">{detail.error ? <Note error={detail.error} /> : <Note>Loading case…</Note>}</Panel>;
  const active = c.status === 'open' || c.status === 'acknowledged';
  const worker = can.workCases(role);
  return (
    <Panel title="Case" id="case">
      <div data-case={c.id} data-status={c.status}>
        <blockquote class="case-quote">{c.text}</blockquote>
        <p class="muted">
          {c.source.label} · {c.source.kind} · {when(c.publishedAt)} · status <strong>{c.status}</strong>
          {c.assignee ? ` · assigned to ${c.assignee}` : ''}
        </p>
        {worker && active ? (
          <div class="row" role="group" aria-label="Case actions">
            {c.status === 'open' ? (
              <button type="button" onClick={() => act(c, { status: 'acknowledged' })}>
                Acknowledge
              </button>
            ) : null}
            <button type="button" onClick={() => act(c, { status: 'resolved' })}>
              Resolve
            </button>
            <button type="button" onClick={() => act(c, { status: 'dismissed' })}>
              Dismiss
            </button>
          </div>
        ) : null}
        {worker ? (
          <div class="row">
            <form
              class="inline"
              onSubmit={(e) => {
                e.preventDefault();
                void act(c, { assignee: assignee.trim() || null });
              }}
            >
              <Field label="Assign to">
                <input value={assignee} onInput={(e) => setAssignee((e.target as HTMLInputElement).value)} placeholder="name" />
              </Field>
              <button type="submit">Assign</button>
            </form>
            <form
              class="inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (note.trim()) void act(c, { note: note.trim() }).then(() => setNote(''));
              }}
            >
              <Field label="Note">
                <input value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
              </Field>
              <button type="submit">Add note</button>
            </form>
          </div>
        ) : null}
        {can.correctLabels(role) ? <Correction itemId={c.itemId} intent={c.intent} blame={c.blame} onDone={() => detail.reload()} /> : null}
        <h3>Why it ranks here</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col">Points</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {c.priorityReasons.map((r) => (
              <tr key={r.factor}>
                <td>{r.factor}</td>
                <td>{fmt(r.points, 1)}</td>
                <td>{r.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Customer</h3>
        {customer ? (
          <p>
            {customer.externalId} · tier {customer.tier}
            {customer.atRisk ? ' · at risk' : ''} · LTV {fmt(customer.ltv.value)} <span class="muted">({customer.ltv.text})</span>
          </p>
        ) : (
          <p class="muted">Not a known customer.</p>
        )}
        {others.data && others.data.cases.length > 1 ? (
          <>
            <h4>Their cases</h4>
            <ul class="history">
              {others.data.cases.map((o) => (
                <li key={o.id}>
                  {when(o.publishedAt)} · {o.status} · {o.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>Audit trail</h3>
        <ol class="history" aria-label="Audit trail">
          {(c.history ?? []).map((h, i) => (
            <li key={i}>
              {when(h.at)} · {h.by} · {h.action}
              {h.to ? ` → ${h.to}` : ''}
              {h.text ? `: ${h.text}` : ''}
              {h.assignee ? `: ${h.assignee}` : ''}
            </li>
          ))}
        </ol>
      </div>
    </Panel>
  );
}

function Correction({ itemId, intent, blame, onDone }: { itemId: string; intent: string; blame: string; onDone: () => void }) {
  const [category, setCategory] = useState('complaint');
  const [i, setI] = useState(intent);
  const [b, setB] = useState(blame);
  const [result, setResult] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const body = category === 'complaint' ? { category, complaint: { intent: i, blame: b } } : { category, complaint: null };
      const res = await api<{ changed: string[] }>(`/v1/items/${itemId}/classification`, { method: 'PATCH', body });
      setResult(res.changed.length ? `Corrected: ${res.changed.join(', ')}.` : 'Nothing changed.');
      onDone();
    } catch (err) {
      setResult((err as Error).message);
    }
  };
  return (
    <details class="correction">
      <summary>Correct the label</summary>
      <form class="inline" onSubmit={submit}>
        <Choice label="Category" value={category} options={[['complaint', 'Complaint'], ['satisfaction', 'Satisfaction'], ['advocacy', 'Advocacy'], ['neutral', 'Neutral']]} onChange={setCategory} />
        {category === 'complaint' ? (
          <>
            <Choice label="Intent" value={i} options={[['instrumental', 'Asks for a remedy'], ['non-instrumental', 'Venting']]} onChange={setI} />
            <Choice label="Blame" value={b} options={[['ostensive', 'Blames the company'], ['reflexive', 'Blames themselves']]} onChange={setB} />
          </>
        ) : null}
        <button type="submit">Save correction</button>
      </form>
      {result ? <p role="status">{result}</p> : null}
    </details>
  );
}
