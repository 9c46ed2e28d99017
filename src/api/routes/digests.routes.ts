import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import { previousIsoWeek, weekStart } from '../../domain/digests/digest-week.ts';
import type { DigestDoc } from '../../domain/digests/digest.types.ts';
import { renderHtml } from '../../domain/digests/render-html.ts';
import { renderMarkdown } from '../../domain/digests/render-markdown.ts';
import type { Container } from '../../app/compose.ts';
import { notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

export const week = z.string().refine((w) => weekStart(w) !== null, 'must be an ISO week such as 2026-W47');
export const formatSchema = z.object({ format: z.enum(['json', 'markdown', 'html']).default('json') }).strict();
export const createSchema = z.object({ week: week.optional(), deliver: z.boolean().default(false) }).strict();

function send(res: Response, digest: DigestDoc, format: 'json' | 'markdown' | 'html', status = 200) {
  if (format === 'markdown') res.status(status).type('text/markdown; charset=utf-8').send(renderMarkdown(digest));
  else if (format === 'html') res.status(status).type('text/html; charset=utf-8').send(renderHtml(digest));
  else res.status(status).json(digest);
}

export function digestsRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const { digests, digestRepo } = c.analytics;

  /** Builds a week's digest now (default: the previous week) and stores it; `deliver` also sends it to the digest destinations (webhooks, Slack, Teams, e-mail). */
  router.post('/v1/digests', requireRole('agent'), async (req, res) => {
    const body = parseOr400(createSchema, req.body ?? {}, 'body');
    const target = body.week ?? previousIsoWeek(new Date(), c.config.digests.timeZone);
    const digest = await digests.build(target);
    if (body.deliver) await c.queues.enqueue('build-digest', { week: target, deliver: true });
    res.status(201).json(digest);
  });

  router.get('/v1/digests/latest', requireRole('viewer'), async (req, res) => {
    const { format } = parseOr400(formatSchema, req.query, 'query');
    const digest = await digestRepo.latest();
    if (!digest) throw notFound('digest');
    send(res, digest, format);
  });

  router.get('/v1/digests/:week', requireRole('viewer'), async (req, res) => {
    const params = parseOr400(z.object({ week }), req.params, 'params');
    const { format } = parseOr400(formatSchema, req.query, 'query');
    const digest = await digestRepo.get(params.week);
    if (!digest) throw notFound('digest');
    send(res, digest, format);
  });

  return router;
}
