import { Router, type RequestHandler } from 'express';
import type { Role } from '../../../config/load-config.ts';
import type { Container } from '../../app/compose.ts';

export function adminRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  router.get('/v1/admin/queues', requireRole('admin'), async (_req, res) => {
    res.json({ queues: await c.queues.counts() });
  });
  return router;
}
