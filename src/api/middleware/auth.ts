/** Bearer API keys with roles; keys are kept only as SHA-256 digests and compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../../../config/load-config.ts';
import { ApiError } from '../errors.ts';

const RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2 };

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface Principal {
  role: Role;
  /** A short, non-reversible id of the key, for audit trails. */
  keyId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function createAuth(keys: Array<{ key: string; role: Role }>) {
  const known = keys.map(({ key, role }) => {
    const d = digest(key);
    return { digest: d, role, keyId: d.toString('hex').slice(0, 12) };
  });

  const authenticate = (req: Request, _res: Response, next: NextFunction) => {
    // Already signed in by a middleware in front (a cookie session): no key needed.
    if (req.principal) return next();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new ApiError(401, 'unauthorized', 'missing bearer API key (Authorization: Bearer <key>)'));
    const presented = digest(match[1]!);
    const found = known.find((k) => timingSafeEqual(k.digest, presented));
    if (!found) return next(new ApiError(401, 'unauthorized', 'unknown API key'));
    req.principal = { role: found.role, keyId: found.keyId };
    next();
  };

  /** Allows the request when the key's role is at least `role`. */
  const requireRole = (role: Role) => (req: Request, _res: Response, next: NextFunction) => {
    const principal = req.principal;
    if (!principal || RANK[principal.role] < RANK[role]) {
      return next(new ApiError(403, 'forbidden', `this action needs the ${role} role`));
    }
    next();
  };

  /** Admin pages and endpoints outside `/v1` (metrics, the queue UI): one chain for all of them. */
  const adminOnly = [authenticate, requireRole('admin')];

  return { authenticate, requireRole, adminOnly };
}
