import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Choice, Field, Note, Panel, useEvery, useFetch } from '../components.tsx';
import { fmt, when } from '../format.ts';

interface Source {
  id: string;
  name: string;
  type: string;
  url: string;
  kind: string;
  label: string;
  pollIntervalSec: number;
  enabled: boolean;
  settings: Record<string, unknown>;
  health: { lastPolledAt: string | null; lastSuccessAt: string | null; lastError: string | null; consecutiveFailures: number; pausedReason: string | null; itemsLast24h: number };
  webhook: { path: string; secretSet: boolean };
}

const TYPES: Array<[string, string]> = [
  ['rss', 'RSS / Atom'],
  ['json', 'JSON API'],
  ['mastodon', 'Mastodon'],
  ['bluesky', 'Bluesky'],
  ['hackernews', 'Hacker News'],
  ['reddit', 'Reddit'],
  ['appstore', 'App Store'],
  ['push', 'Survey webhook (push)'],
];
const KINDS: Array<[string, string]> = [['review', 'Review'], ['survey', 'Survey'], ['mention', 'Mention']];

export function SourcesPage() {
  const list = useFetch<{ sources: Source[] }>('/v1/sources');
  const [message, setMessage] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  useEvery(30_000, () => list.reload());
  const run = async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      setMessage(what);
      list.reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <>
      <h1>Sources</h1>
      {message ? <p role="status">{message}</p> : null}
      {secret ? (
        <Panel title="Webhook signing secret">
          <p>
            The new secret of {secret.name} is shown once: <code data-webhook-secret>{secret.secret}</code>
          </p>
        </Panel>
      ) : null}
      <Panel title="Every source and its health" wide>
        {list.data ? (
          <table data-ready="sources">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Last poll</th>
                <th scope="col">Items (24 h)</th>
                <th scope="col">Last error</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.sources.map((s) => (
                <tr key={s.id} data-source={s.id}>
                  <th scope="row">
                    {s.name}
                    <div class="muted">
                      {s.type} · {s.kind} · {s.label} · every {fmt(s.pollIntervalSec)} s
                    </div>
                  </th>
                  <td>{when(s.health.lastPolledAt)}</td>
                  <td>{fmt(s.health.itemsLast24h)}</td>
                  <td>{s.health.lastError ?? '–'}</td>
                  <td>{s.enabled ? 'active' : s.health.pausedReason ? `paused: ${s.health.pausedReason}` : 'paused'}</td>
                  <td class="actions">
                    <button type="button" onClick={() => run(`${s.name}: poll queued.`, () => api(`/v1/sources/${s.id}/poll`, { method: 'POST' }))}>
                      Poll now
                    </button>
                    <button type="button" onClick={() => run(`${s.name} ${s.enabled ? 'paused' : 'resumed'}.`, () => api(`/v1/sources/${s.id}`, { method: 'PATCH', body: { enabled: !s.enabled } }))}>
                      {s.enabled ? 'Pause' : 'Resume'}
                    </button>
                    <button type="button" aria-expanded={editing === s.id} onClick={() => setEditing(editing === s.id ? null : s.id)}>
                      Edit
                    </button>
                    {s.type === 'push' ? (
                      <button
                        type="button"
                        onClick={() =>
                          run(`${s.name}: webhook secret rotated.`, async () => {
                            const res = await api<{ webhookSecret: string }>(`/v1/sources/${s.id}/webhook-secret`, { method: 'POST', body: {} });
                            setSecret({ name: s.name, secret: res.webhookSecret });
                          })
                        }
                      >
                        Rotate webhook secret
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Note error={list.error}>Loading sources…</Note>
        )}
      </Panel>
      {editing && list.data ? (
        <EditSource
          source={list.data.sources.find((s) => s.id === editing)!}
          onSave={(patch) => run('Source saved.', async () => {
            await api(`/v1/sources/${editing}`, { method: 'PATCH', body: patch });
            setEditing(null);
          })}
        />
      ) : null}
      <AddSource
        onAdd={(body) =>
          run('Source added.', async () => {
            const res = await api<{ name: string; webhookSecret?: string }>('/v1/sources', { method: 'POST', body });
            if (res.webhookSecret) setSecret({ name: res.name, secret: res.webhookSecret });
          })
        }
      />
    </>
  );
}

function EditSource({ source, onSave }: { source: Source; onSave: (patch: Record<string, unknown>) => void }) {
  const [name, setName] = useState(source.name);
  const [label, setLabel] = useState(source.label);
  const [pollEvery, setPollEvery] = useState(String(source.pollIntervalSec));
  const [settings, setSettings] = useState(JSON.stringify(source.settings));
  const [error, setError] = useState<string | null>(null);
  return (
    <Panel title={`Edit ${source.name}`}>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          try {
            onSave({ name, label, pollIntervalSec: Number(pollEvery), settings: JSON.parse(settings) });
          } catch {
            setError('Settings must be JSON.');
          }
        }}
      >
        <Field label="Name">
          <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
        </Field>
        <Field label="Label">
          <input value={label} onInput={(e) => setLabel((e.target as HTMLInputElement).value)} required />
        </Field>
        <Field label="Poll every (seconds)">
          <input type="number" min={10} value={pollEvery} onInput={(e) => setPollEvery((e.target as HTMLInputElement).value)} />
        </Field>
        <Field label="Settings (JSON)">
          <textarea rows={4} value={settings} onInput={(e) => setSettings((e.target as HTMLTextAreaElement).value)} />
        </Field>
        {error ? <p class="error" role="alert">{error}</p> : null}
        <button type="submit">Save</button>
      </form>
    </Panel>
  );
}

function AddSource({ onAdd }: { onAdd: (body: Record<string, unknown>) => void }) {
  const [f, setF] = useState({ type: 'rss', name: '', url: '', kind: 'review', label: '', pollIntervalSec: '300', settings: '{}' });
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  return (
    <Panel title="Add a source">
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          let settings: unknown;
          try {
            settings = JSON.parse(f.settings || '{}');
          } catch {
            setError('Settings must be JSON.');
            return;
          }
          setError(null);
          onAdd({ type: f.type, name: f.name || undefined, url: f.url || undefined, kind: f.kind, label: f.label, pollIntervalSec: Number(f.pollIntervalSec), settings });
        }}
      >
        <Choice label="Type" value={f.type} options={TYPES} onChange={(type) => set({ type })} />
        <Field label="Name">
          <input value={f.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
        </Field>
        <Field label="URL">
          <input type="url" value={f.url} onInput={(e) => set({ url: (e.target as HTMLInputElement).value })} placeholder="https://…" />
        </Field>
        <Choice label="Kind" value={f.kind} options={KINDS} onChange={(kind) => set({ kind })} />
        <Field label="Label (brand)">
          <input value={f.label} onInput={(e) => set({ label: (e.target as HTMLInputElement).value })} required />
        </Field>
        <Field label="Poll every (seconds)">
          <input type="number" min={10} value={f.pollIntervalSec} onInput={(e) => set({ pollIntervalSec: (e.target as HTMLInputElement).value })} />
        </Field>
        <Field label="Settings (JSON, see docs/sources.md)">
          <textarea rows={3} value={f.settings} onInput={(e) => set({ settings: (e.target as HTMLTextAreaElement).value })} />
        </Field>
        {error ? <p class="error" role="alert">{error}</p> : null}
        <button type="submit">Add source</button>
      </form>
    </Panel>
  );
}
