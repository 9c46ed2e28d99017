import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { dateInput } from '../../domain/date-rule.ts';
import type { Role } from '../../../config/load-config.ts';
import { CATEGORIES, FEEDBACK_KINDS } from '../../domain/classification/classification.types.ts';
import type { StoredFeedbackItem } from '../../domain/feedback/feedback.repository.ts';
import { MAX_SEARCH_TERMS, MIN_TERM_LENGTH, searchTerms } from '../../domain/feedback/item-search.ts';
import type { Container } from '../../app/compose.ts';
import type { CsvValue } from '../../infra/csv.ts';
import { mapRows, sendCsv } from '../csv-response.ts';
import { badRequest } from '../errors.ts';
import { zodIssues, parseOr400 } from '../middleware/validate.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';

export const MAX_ITEMS_PER_PUSH = 1000;

export const pushBodySchema = z
  .object({
    sourceId: z.string().min(1).optional(),
    label: z.string().trim().min(1).max(100).optional(),
    kind: z.enum(FEEDBACK_KINDS).optional(),
    items: z.array(z.unknown()).min(1, 'must hold at least one item').max(MAX_ITEMS_PER_PUSH, `at most ${MAX_ITEMS_PER_PUSH} items per request`),
  })
  .strict();

/** The item filters, as the OpenAPI document shows them (the cross-field refinements apart). */
export const listQueryShape = z
  .object({
    kind: z.enum(FEEDBACK_KINDS).optional(),
    category: z.enum(CATEGORIES).optional(),
    complaintType: z.enum(['instrumental', 'non-instrumental', 'ostensive', 'reflexive']).optional(),
    source: z.string().min(1).optional(),
    label: z.string().trim().min(1).max(100).optional(),
    q: z
      .string()
      .max(200, 'at most 200 characters')
      .transform(searchTerms)
      .refine((t) => t.length > 0, 'give at least one word to search for')
      .refine((t) => t.length <= MAX_SEARCH_TERMS, `at most ${MAX_SEARCH_TERMS} terms`)
      .refine((t) => t.every((w) => w.length >= MIN_TERM_LENGTH), `each term needs at least ${MIN_TERM_LENGTH} characters`)
      .optional(),
    from: dateInput().optional(),
    to: dateInput().optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    cursor: z.string().optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

export const listQuerySchema = listQueryShape
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after from', path: ['to'] })
  .refine((q) => q.format === 'json' || q.limit === undefined, { message: 'not used with format=csv (the export holds every matching item)', path: ['limit'] })
  .refine((q) => q.format === 'json' || q.cursor === undefined, { message: 'not used with format=csv (the export holds every matching item)', path: ['cursor'] });

/** Page size while streaming an export: one page in memory at a time. */
const EXPORT_PAGE = 500;

const ITEM_CSV_HEADER = [
  'id', 'publishedAt', 'ingestedAt', 'sourceId', 'label', 'kind', 'externalId', 'url', 'authorHash', 'language',
  'category', 'sentiment', 'sentimentScore', 'satisfaction', 'complaintIntent', 'complaintBlame', 'advocacy', 'aspects',
  'confidence', 'rating', 'nps', 'reach', 'duplicateOf', 'modelVersion', 'text',
] as const;

function itemCsvRow(i: StoredFeedbackItem): CsvValue[] {
  const k = i.classification;
  return [
    String(i._id), i.publishedAt, i.ingestedAt, i.sourceId, i.label, i.kind, i.externalId, i.url, i.authorHash, i.language,
    k.category, k.sentiment.label, k.sentiment.comparative, k.satisfaction, k.complaint?.intent, k.complaint?.blame, k.advocacy, k.aspects.join(';'),
    k.confidence, i.rating, i.nps, i.reach, i.duplicateOf, i.modelVersion, i.text,
  ];
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
    duplicateReason: i.duplicateReason ?? null,
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
    c.metrics.item('rejected', result.sourceId, result.kind, rejected.length);
    if (result.batchId === null) throw badRequest(`all ${body.items.length} items are invalid`, rejected.flatMap((r) => r.fields));
    const summary = { batchId: result.batchId, accepted: result.accepted, rejected, unchanged: result.unchanged };
    if (rejected.length === 0) {
      res.status(202).json(summary);
      return;
    }
    // Some items invalid: 207 with a result per item, so integration tools do not treat the queued ones as failed.
    const invalid = new Map(rejected.map((r) => [r.index, r.fields]));
    const accepted = result.accepted[Symbol.iterator]();
    const results = body.items.map((_item, index) => {
      const fields = invalid.get(index);
      return fields ? { index, status: 400, fields } : { index, status: 202, externalId: accepted.next().value as string };
    });
    res.status(207).json({ ...summary, results });
  });

  router.get('/v1/items', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(listQuerySchema, req.query, 'query');
    const filter = { kind: q.kind, category: q.category, complaintType: q.complaintType, sourceId: q.source, label: q.label, text: q.q, from: q.from, to: q.to };
    if (q.format === 'csv') {
      await sendCsv(res, 'items.csv', ITEM_CSV_HEADER, mapRows(c.repos.feedback.listAll(filter, EXPORT_PAGE), itemCsvRow));
      return;
    }
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const page = await c.repos.feedback.list({ ...filter, limit: q.limit ?? 50, cursor });
    res.json({ items: page.items.map(presentItem), nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  return router;
}
