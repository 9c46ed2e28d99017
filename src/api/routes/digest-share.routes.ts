import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Config, Role } from '../../../config/load-config.ts';
import { weekStart } from '../../domain/digests/digest-week.ts';
import type { DigestRepository } from '../../domain/digests/digest.repository.ts';
import { renderHtml } from '../../domain/digests/render-html.ts';
import { checkShareLink, shareLinkPath } from '../../domain/digests/share-link.ts';
import { notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

const DAY = 86_400_000;
/** A share link's query: when it expires and its signature. */
export const openSchema = z.object({ expires: z.string().max(20), signature: z.string().max(100) }).strict();

/** How long a new share link lives: a multiple of the default at most. */
export const shareCreateSchema = (defaultDays: number) => z.object({ days: z.number().int().min(1).max(defaultDays * 4).default(defaultDays) }).strict();

export const week = z.string().refine((w) => weekStart(w) !== null, 'must be an ISO week such as 2026-W47');

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
}

/** `POST /v1/digests/:week/share` makes a signed, expiring link; `GET /share/digests/:week` opens it without a key. */
export function digestShareRoutes(config: Config['web'], digests: DigestRepository, requireRole: (role: Role) => RequestHandler) {
  const createSchema = shareCreateSchema(config.shareLinkDays);

  const authenticated = Router();
  authenticated.post('/v1/digests/:week/share', requireRole('viewer'), async (req, res) => {
    const params = parseOr400(z.object({ week }), req.params, 'params');
    const { days } = parseOr400(createSchema, req.body ?? {}, 'body');
    if (!(await digests.get(params.week))) throw notFound('digest');
    const expiresAt = new Date(Date.now() + days * DAY);
    const path = shareLinkPath(params.week, expiresAt, config.sessionSecret);
    res.status(201).json({ week: params.week, path, url: `${req.protocol}://${req.get('host')}${path}`, expiresAt });
  });

  const open = Router();
  open.get('/share/digests/:week', async (req, res) => {
    const wk = week.safeParse(req.params.week);
    const q = openSchema.safeParse(req.query);
    const check = wk.success && q.success ? checkShareLink(wk.data, q.data.expires, q.data.signature, config.sessionSecret) : 'invalid';
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').type('html');
    if (check === 'invalid') return void res.status(403).send(page('Link not valid', 'This share link is not valid. Ask for a new one.'));
    if (check === 'expired') return void res.status(410).send(page('Link expired', 'This share link has expired. Ask for a new one.'));
    const digest = await digests.get(wk.data!);
    if (!digest) return void res.status(404).send(page('Digest not found', 'This digest is no longer stored.'));
    res.send(renderHtml(digest));
  });

  return { authenticated, open };
}
