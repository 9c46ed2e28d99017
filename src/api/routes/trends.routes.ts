import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { dateInput } from '../../domain/date-rule.ts';
import type { Role } from '../../../config/load-config.ts';
import { FEEDBACK_KINDS } from '../../domain/classification/classification.types.ts';
import { INTERVALS } from '../../domain/trends/buckets.ts';
import { BREAKDOWNS, type TrendQuery } from '../../domain/trends/trends.service.ts';
import type { Container } from '../../app/compose.ts';
import { parseOr400 } from '../middleware/validate.ts';

const DAY = 86_400_000;
/** Default windows and the most buckets one hourly request may ask for. */
const DEFAULT_SPAN = { hour: 2 * DAY, day: 30 * DAY, week: 12 * 7 * DAY } as const;
const MAX_HOUR_RANGE_DAYS = 31;

export const trendQueryShape = {
  interval: z.enum(INTERVALS).default('day'),
  from: dateInput().optional(),
  to: dateInput().optional(),
  source: z.string().min(1).optional(),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  label: z.string().min(1).optional(),
};

// Endpoint-specific fields are parsed apart from the shared trend query.
export const breakdownSchema = z.object({ by: z.enum(BREAKDOWNS) });
export const termsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  minCount: z.coerce.number().int().min(1).max(1000).default(3),
});

/** The trend query; unknown fields are a 400. */
export function trendQuerySchema(maxRangeDays: number) {
  return z
    .object(trendQueryShape)
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
  const max = c.config.trends.maxRangeDays;
  const schema = trendQuerySchema(max);
  const split = (raw: Record<string, unknown>, keys: string[]) => {
    const own: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) (keys.includes(k) ? own : rest)[k] = v;
    return { own, rest };
  };
  const toQuery = (q: { interval: TrendQuery['interval']; from: Date; to: Date; source?: string; kind?: TrendQuery['kind']; label?: string }): TrendQuery => ({
    interval: q.interval,
    from: q.from,
    to: q.to,
    sourceId: q.source,
    kind: q.kind,
    label: q.label,
  });
  const parse = (raw: unknown) => toQuery(parseOr400(schema, raw, 'query'));
  const echo = (q: TrendQuery) => ({ interval: q.interval, from: q.from, to: q.to });
  const trends = c.services.trends;

  router.get('/v1/trends/buzz', requireRole('viewer'), async (req, res) => {
    const q = parse(req.query);
    res.json({ ...echo(q), buckets: await trends.buzz(q) });
  });

  router.get('/v1/trends/satisfaction', requireRole('viewer'), async (req, res) => {
    const q = parse(req.query);
    res.json({ ...echo(q), buckets: await trends.satisfaction(q) });
  });

  router.get('/v1/trends/metrics', requireRole('viewer'), async (req, res) => {
    const q = parse(req.query);
    res.json({ ...echo(q), ...(await trends.metrics(q)) });
  });

  router.get('/v1/trends/breakdown', requireRole('viewer'), async (req, res) => {
    const { own, rest } = split(req.query as Record<string, unknown>, ['by']);
    const { by } = parseOr400(breakdownSchema, own, 'query');
    const q = parse(rest);
    res.json({ ...echo(q), by, groups: await trends.breakdown(q, by) });
  });

  router.get('/v1/trends/share-of-voice', requireRole('viewer'), async (req, res) => {
    const q = parse(req.query);
    res.json({ ...echo(q), ...(await trends.shareOfVoice(q)) });
  });

  router.get('/v1/trends/aspects', requireRole('viewer'), async (req, res) => {
    const q = parse(req.query);
    res.json({ ...echo(q), aspects: await trends.aspects(q) });
  });

  router.get('/v1/trends/terms', requireRole('viewer'), async (req, res) => {
    const { own, rest } = split(req.query as Record<string, unknown>, ['limit', 'minCount']);
    const opts = parseOr400(termsSchema, own, 'query');
    const q = parse(rest);
    res.json(await trends.terms({ from: q.from, to: q.to, label: q.label, ...opts }));
  });

  return router;
}
