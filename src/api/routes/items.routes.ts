import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import { CATEGORIES, FEEDBACK_KINDS } from '../../domain/classification/classification.types.ts';
import type { StoredFeedbackItem } from '../../domain/feedback/feedback.repository.ts';
import type { Container } from '../../app/compose.ts';
import { badRequest } from '../errors.ts';
import { zodIssues, parseOr400 } from '../middleware/validate.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';

export const MAX_ITEMS_PER_PUSH = 1000;

const pushBodySchema = z
  .object({
    sourceId: z.string().min(1).optional(),
    label: z.string().trim().min(1).max(100).optional(),
    kind: z.enum(FEEDBACK_KINDS).optional(),
    items: z.array(z.unknown()).min(1, 'must hold at least one item').max(MAX_ITEMS_PER_PUSH, `at most ${MAX_ITEMS_PER_PUSH} items per request`),
  })
  .strict();

const listQuerySchema = z
  .object({
    kind: z.enum(FEEDBACK_KINDS).optional(),
    category: z.enum(CATEGORIES).optional(),
    complaintType: z.enum(['instrumental', 'non-instrumental', 'ostensive', 'reflexive']).optional(),
    source: z.string().min(1).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] });

export function presentItem(i: StoredFeedbackItem) {
  return {
    id: String(i._id),
    sourceId: i.sourceId,
    label: i.label,
    kind: i.kind,
    externalId: i.externalId,
    url: i.url ?? null,
    authorHash: i.authorHash,
    text: i.text,
    rating: i.rating ?? null,
    nps: i.nps ?? null,
    reach: i.reach ?? null,
    duplicateOf: i.duplicateOf ?? null,
    meta: i.meta ?? null,
    language: i.language,
    publishedAt: i.publishedAt,
    ingestedAt: i.ingestedAt,
    classification: i.classification,
    modelVersion: i.modelVersion,
  };
}

export function itemsRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();

  router.post('/v1/items', requireRole('agent'), async (req, res) => {
    const body = parseOr400(pushBodySchema, req.body, 'body');
    const result = await c.services.ingest.push(body);
    if (result.status === 'unknown-source') throw badRequest('invalid body', [{ field: 'body.sourceId', message: 'no such source' }]);
    const rejected = result.rejected.map((r) => ({ index: r.index, fields: zodIssues(r.error, `body.items.${r.index}`) }));
    const summary = { batchId: result.batchId, accepted: result.accepted, rejected, unchanged: result.unchanged };
    if (rejected.length === 0) {
      res.status(202).json(summary);
      return;
    }
    // Valid items are queued either way; the 400 names every bad field, and `accepted` says what was kept.
    res.status(400).json({
      error: {
        code: 'invalid_request',
        message: `${rejected.length} of ${body.items.length} items are invalid; ${result.accepted.length} accepted and queued`,
        fields: rejected.flatMap((r) => r.fields),
      },
      ...summary,
    });
  });

  router.get('/v1/items', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(listQuerySchema, req.query, 'query');
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const page = await c.repos.feedback.list({
      kind: q.kind,
      category: q.category,
      complaintType: q.complaintType,
      sourceId: q.source,
      from: q.from,
      to: q.to,
      limit: q.limit,
      cursor,
    });
    res.json({ items: page.items.map(presentItem), nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  return router;
}
