import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import { FEEDBACK_KINDS } from '../../domain/classification/classification.types.ts';
import { INTERVALS } from '../../domain/trends/buckets.ts';
import type { TrendQuery } from '../../domain/trends/trends.service.ts';
import type { Container } from '../../infra/container.ts';
import { parseOr400 } from '../middleware/validate.ts';

const DAY = 86_400_000;
/** Default windows and the most buckets one hourly request may ask for. */
const DEFAULT_SPAN = { hour: 2 * DAY, day: 30 * DAY, week: 12 * 7 * DAY } as const;
const MAX_HOUR_RANGE_DAYS = 31;

export function trendQuerySchema(maxRangeDays: number) {
  return z
    .object({
      interval: z.enum(INTERVALS).default('day'),
      from: z.coerce.date().optional(),
      to: z.coerce.date().optional(),
      source: z.string().min(1).optional(),
      kind: z.enum(FEEDBACK_KINDS).optional(),
      label: z.string().min(1).optional(),
    })
    .strict()
    .transform((q) => {
      const to = q.to ?? new Date();
      const from = q.from ?? new Date(to.getTime() - DEFAULT_SPAN[q.interval]);
      return { ...q, from, to };
    })
    .superRefine((q, ctx) => {
      if (q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
      const days = (q.to.getTime() - q.from.getTime()) / DAY;
      const max = q.interval === 'hour' ? Math.min(MAX_HOUR_RANGE_DAYS, maxRangeDays) : maxRangeDays;
      if (days > max) ctx.addIssue({ code: 'custom', path: ['from'], message: `range must be at most ${max} days for interval=${q.interval}` });
    });
}

export function trendsRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const schema = trendQuerySchema(c.config.trends.maxRangeDays);
  const toQuery = (raw: unknown): TrendQuery => {
    const q = parseOr400(schema, raw, 'query');
    return { interval: q.interval, from: q.from, to: q.to, sourceId: q.source, kind: q.kind, label: q.label };
  };

  router.get('/v1/trends/buzz', requireRole('viewer'), async (req, res) => {
    const q = toQuery(req.query);
    res.json({ interval: q.interval, from: q.from, to: q.to, buckets: await c.services.trends.buzz(q) });
  });

  router.get('/v1/trends/satisfaction', requireRole('viewer'), async (req, res) => {
    const q = toQuery(req.query);
    res.json({ interval: q.interval, from: q.from, to: q.to, buckets: await c.services.trends.satisfaction(q) });
  });

  return router;
}
