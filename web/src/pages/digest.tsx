import { useEffect, useState } from 'preact/hooks';
import { api, type Role } from '../api.ts';
import { Field, Note, Panel } from '../components.tsx';
import { when } from '../format.ts';
import { can } from '../roles.ts';

/** ISO week of a date ("2026-W48"). */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The digest's own HTML (the same as the download), without its page-level styles. */
function digestBody(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('style, script, link, meta, title').forEach((n) => n.remove());
  doc.querySelectorAll('h1, h2, h3').forEach((h) => {
    const lower = doc.createElement(`h${Math.min(6, Number(h.tagName[1]) + 1)}`);
    lower.innerHTML = h.innerHTML;
    h.replaceWith(lower);
  });
  return doc.body.innerHTML;
}

export function DigestPage({ role }: { role: Role }) {
  const [week, setWeek] = useState(isoWeek(new Date(Date.now() - 7 * 86_400_000)));
  const [state, setState] = useState<{ html: string | null; missing: boolean; error: string | null }>({ html: null, missing: false, error: null });
  const [days, setDays] = useState('14');
  const [share, setShare] = useState<{ url: string; expiresAt: string } | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    setShare(null);
    setState({ html: null, missing: false, error: null });
    fetch(`/v1/digests/${week}?format=html`, { credentials: 'same-origin' }).then(async (res) => {
      if (res.status === 404) setState({ html: null, missing: true, error: null });
      else if (!res.ok) setState({ html: null, missing: false, error: `could not load the digest (${res.status})` });
      else setState({ html: digestBody(await res.text()), missing: false, error: null });
    });
  }, [week, tick]);
  const build = async () => {
    try {
      await api('/v1/digests', { method: 'POST', body: { week } });
      setTick((t) => t + 1);
    } catch (err) {
      setState({ html: null, missing: true, error: (err as Error).message });
    }
  };
  const makeLink = async (e: Event) => {
    e.preventDefault();
    try {
      const res = await api<{ path: string; expiresAt: string }>(`/v1/digests/${week}/share`, { method: 'POST', body: { days: Number(days) } });
      setShare({ url: `${location.origin}${res.path}`, expiresAt: res.expiresAt });
    } catch (err) {
      setState((s) => ({ ...s, error: (err as Error).message }));
    }
  };
  return (
    <>
      <h1>Weekly digest</h1>
      <form class="filters" aria-label="Week" onSubmit={(e) => e.preventDefault()}>
        <Field label="Week">
          <input type="week" value={week} onChange={(e) => (e.target as HTMLInputElement).value && setWeek((e.target as HTMLInputElement).value)} />
        </Field>
      </form>
      {state.error ? <Note error={state.error} /> : null}
      {state.missing ? (
        <Panel title={`No digest for ${week}`}>
          <p class="muted" data-ready="digest">
            This week has no digest yet.
          </p>
          {can.buildDigests(role) ? (
            <button type="button" onClick={build}>
              Build the digest for {week}
            </button>
          ) : null}
        </Panel>
      ) : null}
      {state.html !== null ? (
        <>
          <div class="row">
            <a class="button" href={`/v1/digests/${week}?format=html`} download={`earshot-digest-${week}.html`}>
              Download HTML
            </a>
            <a class="button" href={`/v1/digests/${week}?format=markdown`} download={`earshot-digest-${week}.md`}>
              Download Markdown
            </a>
          </div>
          <Panel title="Share this digest">
            <form class="inline" onSubmit={makeLink}>
              <Field label="Link valid for (days)">
                <input type="number" min={1} max={56} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
              </Field>
              <button type="submit">Create share link</button>
            </form>
            {share ? (
              <p>
                <Field label="Share link">
                  <input readOnly value={share.url} data-share-link onFocus={(e) => (e.target as HTMLInputElement).select()} />
                </Field>
                <span class="muted">Opens this digest without a key until {when(share.expiresAt)}.</span>
              </p>
            ) : null}
          </Panel>
          <article class="panel wide digest" data-ready="digest" aria-label={`Digest ${week}`} dangerouslySetInnerHTML={{ __html: state.html }} />
        </>
      ) : null}
    </>
  );
}
