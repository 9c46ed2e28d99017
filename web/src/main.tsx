import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, bindSession, type Role, type SessionInfo } from './api.ts';
import { Field } from './components.tsx';
import { can } from './roles.ts';
import { AlertsPage } from './pages/alerts.tsx';
import { BuzzPage } from './pages/buzz.tsx';
import { DigestPage } from './pages/digest.tsx';
import { RecoveryPage } from './pages/recovery.tsx';
import { SatisfactionPage } from './pages/satisfaction.tsx';
import { SourcesPage } from './pages/sources.tsx';
import { TriagePage } from './pages/triage.tsx';

interface Route {
  path: string;
  title: string;
  allowed: (r: Role) => boolean;
  page: (props: { role: Role }) => preact.JSX.Element;
}

const ROUTES: Route[] = [
  { path: 'buzz', title: 'Buzz', allowed: () => true, page: BuzzPage },
  { path: 'satisfaction', title: 'Satisfaction', allowed: () => true, page: SatisfactionPage },
  { path: 'triage', title: 'Triage desk', allowed: () => true, page: TriagePage },
  { path: 'recovery', title: 'Recovery', allowed: () => true, page: RecoveryPage },
  { path: 'digest', title: 'Digest', allowed: () => true, page: DigestPage },
  { path: 'alerts', title: 'Alerts', allowed: () => true, page: AlertsPage },
  { path: 'sources', title: 'Sources', allowed: can.manageSources, page: SourcesPage },
];

const currentPath = () => location.hash.replace(/^#\/?/, '') || 'buzz';

function SignIn({ onSignedIn, notice }: { onSignedIn: (s: SessionInfo) => void; notice: string | null }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const session = await api<SessionInfo>('/v1/session', { method: 'POST', body: { apiKey: key } });
      setKey('');
      onSignedIn(session);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Earshot</h1>
      <p class="muted">Social listening and feedback: buzz, satisfaction, triage and the weekly digest.</p>
      {notice ? <p role="status">{notice}</p> : null}
      <form onSubmit={submit} class="stack" aria-label="Sign in">
        <Field label="API key">
          <input type="password" name="apiKey" autocomplete="current-password" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} required />
        </Field>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="muted">The key is exchanged for a session cookie; it is not stored in this browser.</p>
    </main>
  );
}

function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [path, setPath] = useState(currentPath());
  bindSession(session ?? null, () => {
    setNotice('Your session has ended. Sign in again.');
    setSession(null);
  });
  useEffect(() => {
    api<SessionInfo>('/v1/session').then(setSession, () => setSession(null));
    const onHash = () => setPath(currentPath());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const route = ROUTES.find((r) => r.path === path && session && r.allowed(session.role)) ?? ROUTES[0]!;
  useEffect(() => {
    document.title = session ? `${route.title} · Earshot` : 'Sign in · Earshot';
  }, [route, session]);

  if (session === undefined) return <p class="loading">Loading Earshot…</p>;
  if (session === null) return <SignIn onSignedIn={(s) => (setNotice(null), setSession(s))} notice={notice} />;

  const signOut = async () => {
    await api('/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setNotice('Signed out.');
    setSession(null);
  };
  const Page = route.page;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Earshot</span>
        <nav aria-label="Pages">
          <ul>
            {ROUTES.filter((r) => r.allowed(session.role)).map((r) => (
              <li key={r.path}>
                <a href={`#/${r.path}`} aria-current={r === route ? 'page' : undefined}>
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" data-role={session.role}>
          Signed in as {session.role}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={route.path} role={session.role} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
