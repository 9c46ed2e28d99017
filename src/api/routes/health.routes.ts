import { Router } from 'express';
import type { Container } from '../../app/compose.ts';

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(c: Container): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [redis, mongodb] = await Promise.all([
      check(() => c.redis.ping()),
      check(() => c.mongo.db!.admin().ping()),
    ]);
    const ok = redis === 'up' && mongodb === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', redis, mongodb });
  });
  return router;
}
