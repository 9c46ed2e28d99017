/**
 * Who is calling: a Bearer API key (scripts, integrations) or a web app session (a signed cookie,
 * plus the session's CSRF token on state-changing requests). Keys are kept only as SHA-256 digests
 * and compared in constant time; a session ends when its key is removed from the configuration.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../../config/load-config.ts';
import { ApiError } from '../errors.ts';
import { CSRF_HEADER, readSessionId } from '../sessions/session-cookie.ts';
import type { Session, SessionStore } from '../sessions/session-store.ts';

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2 };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface Principal {
  role: Role;
  /** A short, non-reversible id of the key, for audit trails. */
  keyId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** Set when the caller is a signed-in web app session rather than a Bearer key. */
    sessionId?: string;
  }
}

export interface Auth {
  /** Accepts a Bearer key, or a session cookie (with its CSRF token unless the method is safe). */
  authenticate: RequestHandler;
  /** Allows the request when the caller's role is at least `role`. */
  requireRole: (role: Role) => RequestHandler;
  /** The principal of a presented API key, or null. */
  principalOfKey: (key: string) => Principal | null;
  /** The live session of a request's cookie, or null. */
  sessionOf: (req: Request) => Promise<{ id: string; session: Session } | null>;
  adminOnly: RequestHandler[];
}

export function createAuth(keys: Array<{ key: string; role: Role }>, sessions: { store: SessionStore; secret: string }): Auth {
  const known = keys.map(({ key, role }) => {
    const d = digest(key);
    return { digest: d, role, keyId: d.toString('hex').slice(0, 12) };
  });

  const principalOfKey = (key: string): Principal | null => {
    const presented = digest(key);
    const found = known.find((k) => timingSafeEqual(k.digest, presented));
    return found ? { role: found.role, keyId: found.keyId } : null;
  };

  const sessionOf = async (req: Request) => {
    const id = readSessionId(req, sessions.secret);
    if (!id) return null;
    const session = await sessions.store.get(id);
    if (!session || !known.some((k) => k.keyId === session.keyId && k.role === session.role)) return null;
    return { id, session };
  };

  const csrfMatches = (req: Request, session: Session) => {
    const presented = Buffer.from(String(req.headers[CSRF_HEADER] ?? ''));
    const expected = Buffer.from(session.csrfToken);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  };

  const authenticate: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) return next(new ApiError(401, 'unauthorized', 'missing bearer API key (Authorization: Bearer <key>)'));
      const principal = principalOfKey(match[1]!);
      if (!principal) return next(new ApiError(401, 'unauthorized', 'unknown API key'));
      req.principal = principal;
      return next();
    }
    sessionOf(req).then((found) => {
      if (!found) return next(new ApiError(401, 'unauthorized', 'missing bearer API key (Authorization: Bearer <key>) or session'));
      // SameSite=Strict already keeps other sites' requests cookie-less; the token is the second lock.
      if (!SAFE_METHODS.has(req.method) && !csrfMatches(req, found.session)) {
        return next(new ApiError(403, 'csrf', `missing or wrong ${CSRF_HEADER} header for this session`));
      }
      req.principal = { role: found.session.role, keyId: found.session.keyId };
      req.sessionId = found.id;
      next();
    }, next);
  };

  const requireRole = (role: Role): RequestHandler => (req, _res, next) => {
    const principal = req.principal;
    if (!principal || RANK[principal.role] < RANK[role]) {
      return next(new ApiError(403, 'forbidden', `this action needs the ${role} role`));
    }
    next();
  };

  /** Admin pages and endpoints outside `/v1` (metrics, the queue UI): one chain for all of them, sessions included. */
  const adminOnly: RequestHandler[] = [authenticate, requireRole('admin')];

  return { authenticate, requireRole, adminOnly, principalOfKey, sessionOf };
}
