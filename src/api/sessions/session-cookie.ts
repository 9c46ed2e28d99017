/** The session cookie: httpOnly, SameSite=Strict, signed; `Secure` when the app is served over HTTPS. */
import type { Request, Response } from 'express';
import { sign, unsign } from '../../domain/signed-value.ts';

export const SESSION_COOKIE = 'earshot_session';
/** Header that carries the session's CSRF token on every state-changing request from the app. */
export const CSRF_HEADER = 'x-csrf-token';

export interface CookieOptions {
  secret: string;
  secure: boolean;
}

function attributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function setSessionCookie(res: Response, id: string, maxAgeMs: number, o: CookieOptions): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${sign(id, o.secret)}; Max-Age=${Math.floor(maxAgeMs / 1000)}; ${attributes(o.secure)}`);
}

export function clearSessionCookie(res: Response, o: CookieOptions): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attributes(o.secure)}`);
}

/** The session id of a correctly signed cookie, or null (no cookie, or a forged or altered one). */
export function readSessionId(req: Request, secret: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    return unsign(decodeURIComponent(part.slice(eq + 1).trim()), secret);
  }
  return null;
}
