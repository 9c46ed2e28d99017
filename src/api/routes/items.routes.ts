import { createHash } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { dateInput } from '../../domain/date-rule.ts';
import type { Role } from '../../../config/load-config.ts';
import { CATEGORIES, FEEDBACK_KINDS } from '../../domain/classification/classification.types.ts';
import type { StoredFeedbackItem } from '../../domain/feedback/feedback.repository.ts';
import { incomingItemSchema } from '../../domain/feedback/incoming-item.ts';
import { prepareItem } from '../../domain/feedback/prepare-item.ts';
import { batchIdFor } from '../../domain/sources/poll-source.service.ts';
import type { Container } from '../../infra/container.ts';
import { badRequest, type FieldIssue } from '../errors.ts';
import { zodIssues, parseOr400 } from '../middleware/validate.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';

export const MAX_ITEMS_PER_PUSH = 1000;
/** Pushed items without a source of their own are stored under this source id. */
export const PUSH_SOURCE_ID = 'push';

export const pushBodySchema = z
  .object({
    sourceId: z.string().min(1).optional(),
    label: z.string().trim().min(1).max(100).optional(),
    kind: z.enum(FEEDBACK_KINDS).optional(),
    items: z.array(z.unknown()).min(1, 'must hold at least one item').max(MAX_ITEMS_PER_PUSH, `at most ${MAX_ITEMS_PER_PUSH} items per request`),
  })
  .strict();

export const pushedItemSchema = incomingItemSchema.extend({ externalId: incomingItemSchema.shape.externalId.optional() });

export const listQuerySchema = z
  .object({
    kind: z.enum(FEEDBACK_KINDS).optional(),
    category: z.enum(CATEGORIES).optional(),
    complaintType: z.enum(['instrumental', 'non-instrumental', 'ostensive', 'reflexive']).optional(),
    source: z.string().min(1).optional(),
    from: dateInput().optional(),
    to: dateInput().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] });

/** A stable id for pushed items that come without one, so a re-sent item is not stored twice. */
function contentId(item: { text: string; author?: string; publishedAt?: Date }): string {
  return `h-${createHash('sha1').update(`${item.author ?? ''}\u0000${item.publishedAt?.toISOString() ?? ''}\u0000${item.text}`).digest('hex').slice(0, 24)}`;
}

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
    let sourceId = PUSH_SOURCE_ID;
    let label = body.label ?? 'unlabelled';
    let kind = body.kind ?? 'survey';
    if (body.sourceId) {
      const source = await c.repos.sources.findById(body.sourceId);
      if (!source) throw badRequest('invalid body', [{ field: 'body.sourceId', message: 'no such source' }]);
      sourceId = String(source._id);
      label = body.label ?? source.label;
      kind = body.kind ?? source.kind;
    }

    const rejected: Array<{ index: number; fields: FieldIssue[] }> = [];
    const accepted = [];
    // Per item, in request order: what a multi-status answer reports.
    const results: Array<{ index: number; status: 202; externalId: string } | { index: number; status: 400; fields: FieldIssue[] }> = [];
    const now = new Date();
    for (const [index, raw] of body.items.entries()) {
      const parsed = pushedItemSchema.safeParse(raw);
      if (!parsed.success) {
        const fields = zodIssues(parsed.error, `body.items.${index}`);
        rejected.push({ index, fields });
        results.push({ index, status: 400, fields });
        continue;
      }
      const item = { ...parsed.data, externalId: parsed.data.externalId ?? contentId(parsed.data) };
      accepted.push(prepareItem(item, c.config.privacy.authorSalt, now));
      results.push({ index, status: 202, externalId: item.externalId });
    }
    c.metrics.item('rejected', sourceId, kind, rejected.length);
    if (accepted.length === 0) throw badRequest(`all ${body.items.length} items are invalid`, rejected.flatMap((r) => r.fields));

    const batchId = batchIdFor(sourceId, accepted.map((a) => a.externalId));
    await c.queues.enqueue('classify-batch', { batchId, sourceId, label, kind, items: accepted }, { jobId: batchId });
    const summary = { batchId, accepted: accepted.map((a) => a.externalId), rejected };
    // Some items invalid: 207, so integration tools do not treat the queued ones as failed.
    if (rejected.length === 0) res.status(202).json(summary);
    else res.status(207).json({ ...summary, results });
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
