import { useState } from 'preact/hooks';
import { api, qs, type Role } from '../api.ts';
import { Choice, Note, useEvery, useFetch } from '../components.tsx';
import { when } from '../format.ts';
import { can } from '../roles.ts';
import { explainAlert, type Alert } from './buzz.tsx';

export function AlertsPage({ role }: { role: Role }) {
  const [status, setStatus] = useState<'open' | 'acknowledged'>('open');
  const alerts = useFetch<{ alerts: Array<Alert & { acknowledgedAt: string | null; acknowledgedBy: string | null; occurrences: number }> }>(`/v1/alerts${qs({ status, limit: 100 })}`);
  const [message, setMessage] = useState<string | null>(null);
  useEvery(30_000, () => alerts.reload());
  const acknowledge = async (id: string) => {
    try {
      await api(`/v1/alerts/${id}`, { method: 'PATCH', body: { status: 'acknowledged' } });
      setMessage('Alert acknowledged.');
      alerts.reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <>
      <h1>Alerts</h1>
      <form class="filters" aria-label="Alert filters" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Status" value={status} options={[['open', 'Open'], ['acknowledged', 'Acknowledged']]} onChange={setStatus} />
      </form>
      {message ? <p role="status">{message}</p> : null}
      {alerts.data ? (
        alerts.data.alerts.length ? (
          <ul class="alert-list" data-ready="alerts">
            {alerts.data.alerts.map((a) => (
              <li key={a._id} class={`panel severity-${a.severity}`} data-alert={a._id}>
                <p>
                  <span class={`tag severity-${a.severity}`}>{a.severity}</span> <strong>{a.series.replace(/_/g, ' ')}</strong> · raised {when(a.start)}
                  {a.occurrences > 1 ? ` · seen ${a.occurrences} hours` : ''}
                </p>
                <p>{explainAlert(a)}</p>
                {a.acknowledgedAt ? <p class="muted">Acknowledged {when(a.acknowledgedAt)} by {a.acknowledgedBy}</p> : null}
                {status === 'open' && can.acknowledgeAlerts(role) ? (
                  <button type="button" onClick={() => acknowledge(a._id)}>
                    Acknowledge
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted" data-ready="alerts">
            No {status} alerts.
          </p>
        )
      ) : (
        <Note error={alerts.error}>Loading alerts…</Note>
      )}
    </>
  );
}
