/** The app's only door to the server: same-origin /v1 calls with the session cookie and, on changes, the CSRF token. */

export type Role = 'viewer' | 'agent' | 'admin';

export interface SessionInfo {
  role: Role;
  csrfToken: string;
  expiresAt: string;
}

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => undefined;

/** Binds later calls to this session's CSRF token and to what happens when the server says it has ended. */
export function bindSession(session: SessionInfo | null, signedOut: () => void): void {
  csrfToken = session?.csrfToken ?? '';
  onSignedOut = signedOut;
}

interface FieldProblem {
  field?: string;
  name?: string;
  message?: string;
  detail?: string;
}

/** Reads an error body in either shape the API uses: `{error:{message,fields}}` or RFC 9457 `{title,detail,fields}`. */
export function errorText(body: unknown, status: number): string {
  const b = (body ?? {}) as { error?: { message?: string; fields?: FieldProblem[] }; title?: string; detail?: string; fields?: FieldProblem[] };
  const message = b.error?.message ?? b.detail ?? b.title ?? `request failed (${status})`;
  const fields = (b.error?.fields ?? b.fields ?? []).map((f) => `${f.field ?? f.name ?? ''}: ${f.message ?? f.detail ?? ''}`);
  return fields.length ? `${message} — ${fields.join('; ')}` : message;
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (res.status === 401 && !path.startsWith('/v1/session')) onSignedOut();
  if (!res.ok) throw new RequestError(res.status, errorText(body, res.status));
  return body as T;
}

/** A query string from the set values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
