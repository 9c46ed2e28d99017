import { useState } from 'preact/hooks';
import { api, qs, type Role } from '../api.ts';
import { Choice, Note, Panel, Stat, useFetch } from '../components.tsx';
import { DAY, fmt, pct, when } from '../format.ts';
import { can } from '../roles.ts';

interface Group {
  authors: number;
  items: number;
  satisfiedShare: number | null;
  meanRating: number | null;
  meanSentiment: number | null;
}
interface Recovery {
  resolvedCases: number;
  outcomes: { recovered: number; notRecovered: number; silent: number; untraceable: number };
  recoveryRate: number | null;
  recoveryRateAmongResponders: number | null;
  timeToResolution: { count: number; meanHours: number | null; medianHours: number | null; p90Hours: number | null };
  paradox: { recoveredComplainants: Group; neverComplained: Group; satisfiedShareDifference: number | null; holds: boolean | null; note?: string };
}
interface AtRisk {
  externalId: string;
  tier: string;
  ltv: { value: number };
  atRiskSince: string;
  atRiskReasons: Array<{ reason: string; phrase: string; at: string }>;
}

const share = (v: number | null) => (v === null ? '–' : pct(v * 100));

export function RecoveryPage({ role }: { role: Role }) {
  const [days, setDays] = useState('30');
  const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const params = { from: new Date(to.getTime() - Number(days) * DAY).toISOString(), to: to.toISOString() };
  const report = useFetch<Recovery>(`/v1/recovery${qs(params)}`);
  const atRisk = useFetch<{ customers: AtRisk[] }>('/v1/customers/at-risk?limit=50');
  const [message, setMessage] = useState<string | null>(null);
  const r = report.data;
  const saved = async (id: string) => {
    try {
      await api(`/v1/customers/${encodeURIComponent(id)}/at-risk`, { method: 'DELETE' });
      setMessage(`${id} is off the save queue.`);
      atRisk.reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <>
      <h1>Recovery and defection</h1>
      <form class="filters" aria-label="Period" onSubmit={(e) => e.preventDefault()}>
        <Choice label="Cases resolved in" value={days} options={[['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['365', 'Last 365 days']]} onChange={setDays} />
      </form>
      {r ? (
        <div class="stats" data-ready="recovery" data-query={JSON.stringify(params)}>
          <Stat testId="resolved" label="Resolved cases" value={fmt(r.resolvedCases)} />
          <Stat testId="recovery-rate" label="Recovery rate" value={share(r.recoveryRate)} hint={`among those who spoke again: ${share(r.recoveryRateAmongResponders)}`} />
          <Stat testId="ttr" label="Time to resolution (median)" value={r.timeToResolution.medianHours === null ? '–' : `${fmt(r.timeToResolution.medianHours, 1)} h`} hint={`p90 ${fmt(r.timeToResolution.p90Hours, 1)} h`} />
          <Stat testId="outcomes" label="Recovered / not / silent" value={`${fmt(r.outcomes.recovered)} / ${fmt(r.outcomes.notRecovered)} / ${fmt(r.outcomes.silent)}`} />
        </div>
      ) : (
        <Note error={report.error}>Loading…</Note>
      )}
      <div class="grid">
        <Panel title="Service recovery paradox" wide>
          {r ? (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col">Authors</th>
                    <th scope="col">Later items</th>
                    <th scope="col">Satisfied share</th>
                    <th scope="col">Mean rating</th>
                    <th scope="col">Mean sentiment</th>
                  </tr>
                </thead>
                <tbody>
                  {([['Recovered complainants', r.paradox.recoveredComplainants], ['Never complained', r.paradox.neverComplained]] as const).map(([name, g]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>{fmt(g.authors)}</td>
                      <td>{fmt(g.items)}</td>
                      <td>{share(g.satisfiedShare)}</td>
                      <td>{fmt(g.meanRating, 2)}</td>
                      <td>{fmt(g.meanSentiment, 2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                {r.paradox.holds === null ? r.paradox.note ?? 'Not enough data yet.' : r.paradox.holds ? 'The paradox holds: recovered complainants are happier than customers who never complained.' : 'The paradox does not hold here: recovered complainants are not happier than the rest.'}
              </p>
            </>
          ) : null}
        </Panel>
        <Panel title="Save queue (at-risk customers by LTV)" wide>
          {message ? <p role="status">{message}</p> : null}
          {atRisk.data ? (
            atRisk.data.customers.length ? (
              <table data-save-queue>
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">LTV</th>
                    <th scope="col">Tier</th>
                    <th scope="col">Why</th>
                    <th scope="col">Since</th>
                    {can.workCases(role) ? <th scope="col">Action</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {atRisk.data.customers.map((c) => (
                    <tr key={c.externalId}>
                      <th scope="row">{c.externalId}</th>
                      <td>{fmt(c.ltv.value)}</td>
                      <td>{c.tier}</td>
                      <td>{c.atRiskReasons.map((x) => `${x.reason}: “${x.phrase}”`).join('; ')}</td>
                      <td>{when(c.atRiskSince)}</td>
                      {can.workCases(role) ? (
                        <td>
                          <button type="button" onClick={() => saved(c.externalId)}>
                            Mark saved
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="muted">No customer is at risk.</p>
            )
          ) : (
            <Note error={atRisk.error}>Loading…</Note>
          )}
        </Panel>
      </div>
    </>
  );
}
