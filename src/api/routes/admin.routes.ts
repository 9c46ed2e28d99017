import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import type { Container } from '../../app/compose.ts';
import { parseOr400 } from '../middleware/validate.ts';

export const retryBodySchema = z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(1000).optional() }).strict();

export function adminRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  router.get('/v1/admin/queues', requireRole('admin'), async (_req, res) => {
    res.json({ queues: await c.queues.counts() });
  });
  // Jobs that ran out of retries (their items were accepted and are not all stored and counted), and the alerts they raised.
  router.get('/v1/admin/failed', requireRole('admin'), async (_req, res) => {
    const [jobs, alerts] = await Promise.all([c.queues.failed(), c.analytics.jobAlerts.list()]);
    res.json({ jobs, alerts });
  });
  // Runs failed jobs again (all, or `ids`); counting stays exactly-once, so a retry never double-counts.
  router.post('/v1/admin/failed/retry', requireRole('admin'), async (req, res) => {
    const body = parseOr400(retryBodySchema, req.body ?? {}, 'body');
    const retried = await c.queues.retryFailed(body.ids);
    res.json({ retried: retried.length, jobs: retried });
  });
  // Items the store refused alone (the rest of their batch was stored and counted), with the reason.
  router.get('/v1/admin/quarantine', requireRole('admin'), async (_req, res) => {
    res.json({ items: await c.repos.feedback.listQuarantined() });
  });
  return router;
}
