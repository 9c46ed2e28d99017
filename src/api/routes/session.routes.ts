import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../../config/load-config.ts';
import { ApiError } from '../errors.ts';
import type { Auth } from '../middleware/auth.ts';
import { parseOr400 } from '../middleware/validate.ts';
import { clearSessionCookie, setSessionCookie } from '../sessions/session-cookie.ts';
import type { Session, SessionStore } from '../sessions/session-store.ts';

export const signInSchema = z.object({ apiKey: z.string().trim().min(1, 'enter an API key').max(500) }).strict();

const present = (s: Session) => ({ role: s.role, csrfToken: s.csrfToken, expiresAt: s.expiresAt });

/**
 * Web app sign-in: an API key is exchanged once for a session cookie (the key itself is never
 * stored in the browser); the answer carries the CSRF token the app sends on every change.
 */
export function sessionRoutes(config: Config['web'], auth: Auth, store: SessionStore): Router {
  const router = Router();
  const cookie = { secret: config.sessionSecret, secure: config.secureCookies };
  const ttlMs = config.sessionHours * 3_600_000;

  router.post('/v1/session', async (req, res) => {
    const { apiKey } = parseOr400(signInSchema, req.body, 'body');
    const principal = auth.principalOfKey(apiKey);
    if (!principal) throw new ApiError(401, 'unauthorized', 'unknown API key');
    const previous = await auth.sessionOf(req);
    if (previous) await store.destroy(previous.id);
    const { id, session } = await store.create(principal);
    setSessionCookie(res, id, ttlMs, cookie);
    res.status(201).json(present(session));
  });

  router.get('/v1/session', async (req, res) => {
    const found = await auth.sessionOf(req);
    if (!found) throw new ApiError(401, 'unauthorized', 'not signed in');
    res.json(present(found.session));
  });

  /** Sign-out ends the session on the server, not only in this browser. */
  router.delete('/v1/session', auth.authenticate, async (req, res) => {
    if (req.sessionId) await store.destroy(req.sessionId);
    clearSessionCookie(res, cookie);
    res.status(204).end();
  });

  return router;
}
