import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { dateInput } from '../../domain/date-rule.ts';
import type { Role } from '../../../config/load-config.ts';
import type { Container } from '../../app/compose.ts';
import { notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

export const listSchema = z
  .object({
    status: z.enum(['open', 'acknowledged']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    from: dateInput().optional(),
    to: dateInput().optional(),
  })
  .strict();
export const patchSchema = z.object({ status: z.literal('acknowledged') }).strict();
export const paramsSchema = z.object({ id: z.string().regex(/^[a-f0-9]{20}$/, 'not an alert id') });

export function alertsRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const repo = c.analytics.alertRepo;

  router.get('/v1/alerts', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(listSchema, req.query, 'query');
    res.json({ alerts: await repo.list(q) });
  });

  router.get('/v1/alerts/:id', requireRole('viewer'), async (req, res) => {
    const { id } = parseOr400(paramsSchema, req.params, 'params');
    const alert = await repo.get(id);
    if (!alert) throw notFound('alert');
    res.json(alert);
  });

  /** Acknowledging is a support action: agents and admins. */
  router.patch('/v1/alerts/:id', requireRole('agent'), async (req, res) => {
    const { id } = parseOr400(paramsSchema, req.params, 'params');
    parseOr400(patchSchema, req.body, 'body');
    if (!(await repo.get(id))) throw notFound('alert');
    const alert = await repo.acknowledge(id, req.principal?.keyId ?? 'unknown', new Date());
    res.json(alert);
  });

  return router;
}
