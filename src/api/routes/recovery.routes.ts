import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { dateInput } from '../../domain/date-rule.ts';
import type { Role } from '../../../config/load-config.ts';
import type { Container } from '../../app/compose.ts';
import { parseOr400 } from '../middleware/validate.ts';

/** Per-case outcomes listed in the response at most; the counts always cover every case. */
const MAX_LISTED_CASES = 200;

export const recoveryQueryShape = { from: dateInput().optional(), to: dateInput().optional() };

export function recoveryRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const maxDays = c.config.trends.maxRangeDays;
  const querySchema = z
    .object(recoveryQueryShape)
    .strict()
    .transform((q) => {
      const to = q.to ?? new Date();
      return { to, from: q.from ?? new Date(to.getTime() - 30 * 86_400_000) };
    })
    .refine((q) => q.from < q.to, { message: 'must be after from', path: ['to'] })
    .refine((q) => q.to.getTime() - q.from.getTime() <= maxDays * 86_400_000, { message: `range longer than ${maxDays} days`, path: ['from'] });

  /** Service recovery for cases resolved in [from, to) (default: the last 30 days), with the paradox check. */
  router.get('/v1/recovery', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(querySchema, req.query, 'query');
    const report = await c.triage.recovery.report(q.from, q.to);
    res.json({ ...report, cases: report.cases.slice(0, MAX_LISTED_CASES), casesListed: Math.min(report.cases.length, MAX_LISTED_CASES) });
  });

  return router;
}
