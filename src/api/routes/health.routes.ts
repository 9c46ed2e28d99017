import { Router } from 'express';
import type { Container } from '../../app/compose.ts';
import { readiness } from '../../infra/readiness.ts';

/**
 * `/livez`: the process serves requests (restart it if not). `/readyz`: it can reach Redis and the
 * store (send it traffic only then). `/healthz` is the readiness answer under its older name.
 */
export function healthRoutes(c: Container): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const ready = async (_req: unknown, res: import('express').Response) => {
    const { ok, redis, mongodb } = await readiness(c);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', redis, mongodb });
  };
  router.get('/readyz', ready);
  router.get('/healthz', ready);
  return router;
}
