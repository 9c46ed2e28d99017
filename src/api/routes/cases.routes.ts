import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import { ASPECTS, COMPLAINT_BLAMES, COMPLAINT_INTENTS } from '../../domain/classification/classification.types.ts';
import { CASE_STATUSES, type CaseStatus } from '../../domain/cases/case.model.ts';
import type { CaseFilter } from '../../domain/cases/case.repository.ts';
import { CaseNotFoundError, CaseTransitionError, presentCase, type QueueCursor, type RankedCase } from '../../domain/cases/case.service.ts';
import { ACTIVE_STATUSES } from '../../domain/cases/case-workflow.ts';
import type { Container } from '../../app/compose.ts';
import type { CsvValue } from '../../infra/csv.ts';
import { sendCsv } from '../csv-response.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

const TIER_FILTERS = ['mvc', 'core', 'unknown', 'at-risk'] as const;

const statusList = z
  .string()
  .default('active')
  .transform((s, ctx): CaseStatus[] | undefined => {
    if (s === 'all') return undefined;
    if (s === 'active') return [...ACTIVE_STATUSES];
    const parts = s.split(',').map((p) => p.trim());
    const bad = parts.filter((p) => !(CASE_STATUSES as readonly string[]).includes(p));
    if (bad.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown status ${bad.join(', ')}: use ${CASE_STATUSES.join(', ')}, active or all` });
    return parts as CaseStatus[];
  });

const filterFields = {
  intent: z.enum(COMPLAINT_INTENTS).optional(),
  blame: z.enum(COMPLAINT_BLAMES).optional(),
  tier: z.enum(TIER_FILTERS).optional(),
  aspect: z.enum(ASPECTS).optional(),
  assignee: z.string().min(1).max(100).optional(),
  source: z.string().min(1).max(100).optional(),
  education: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  customer: z.string().min(1).max(200).optional(),
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
};

/** The queue's filters, as the OpenAPI document shows them (the CSV refinements apart). */
export const listQueryShape = z
  .object({
    status: statusList,
    ...filterFields,
    limit: z.coerce.number().int().min(1).max(200).optional(),
    cursor: z.string().optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

export const listQuerySchema = listQueryShape
  .refine((q) => q.format === 'json' || q.limit === undefined, { message: 'not used with format=csv (the export holds every matching case)', path: ['limit'] })
  .refine((q) => q.format === 'json' || q.cursor === undefined, { message: 'not used with format=csv (the export holds every matching case)', path: ['cursor'] });

const CASE_CSV_HEADER = [
  'id', 'itemId', 'status', 'priority', 'priorityReasons', 'slaTier', 'slaHours', 'slaDueAt', 'slaBreached', 'tier', 'atRisk',
  'customerExternalId', 'intent', 'blame', 'customerEducation', 'aspects', 'sourceId', 'label', 'kind', 'reach', 'sentiment',
  'assignee', 'publishedAt', 'openedAt', 'acknowledgedAt', 'resolvedAt', 'dismissedAt', 'text',
] as const;

function caseCsvRow({ doc, priority }: RankedCase): CsvValue[] {
  return [
    String(doc._id), doc.itemId, doc.status, priority.score, priority.reasons.map((r) => `${r.factor}:${String(r.value)}:${r.points}`).join(';'),
    priority.sla.tier, priority.sla.hours, priority.sla.dueAt, priority.sla.breached, doc.tier, doc.atRisk,
    doc.customerExternalId, doc.intent, doc.blame, doc.education, doc.aspects.join(';'), doc.sourceId, doc.label, doc.kind, doc.reach, doc.sentiment,
    doc.assignee, doc.publishedAt, doc.openedAt, doc.acknowledgedAt, doc.resolvedAt, doc.dismissedAt, doc.text,
  ];
}

export const patchSchema = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    assignee: z.string().trim().min(1).max(100).nullable().optional(),
    note: z.string().trim().min(1).max(5000).optional(),
  })
  .strict()
  .refine((b) => b.status !== undefined || b.assignee !== undefined || b.note !== undefined, { message: 'send status, assignee and/or note' });

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'not a case id');
export const bulkSchema = z.union([
  z.object({ ids: z.array(objectId).min(1).max(1000), note: z.string().trim().min(1).max(1000).optional() }).strict(),
  z
    .object({
      filter: z.object({ source: filterFields.source, aspect: filterFields.aspect, tier: filterFields.tier, blame: filterFields.blame }).strict(),
      note: z.string().trim().min(1).max(1000).optional(),
    })
    .strict(),
]);

function toFilter(q: {
  intent?: CaseFilter['intent'];
  blame?: CaseFilter['blame'];
  tier?: (typeof TIER_FILTERS)[number];
  aspect?: string;
  assignee?: string;
  source?: string;
  education?: boolean;
  customer?: string;
  breached?: boolean;
}): CaseFilter {
  return {
    intent: q.intent,
    blame: q.blame,
    ...(q.tier === 'at-risk' ? { atRisk: true } : q.tier ? { tier: q.tier } : {}),
    aspect: q.aspect,
    assignee: q.assignee,
    sourceId: q.source,
    education: q.education,
    customer: q.customer,
    breached: q.breached,
  };
}

function encodeQueueCursor(c: QueueCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeQueueCursor(raw: string): QueueCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as QueueCursor;
    if ([c.asOf, c.score, c.publishedAt].every((n) => typeof n === 'number') && typeof c.id === 'string' && /^[0-9a-f]{24}$/.test(c.id)) return c;
  } catch {
    // fall through to the 400
  }
  throw badRequest('invalid query', [{ field: 'query.cursor', message: 'not a cursor returned by this API' }]);
}

export function casesRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const { cases } = c.triage;

  /** The triage queue, highest priority first; each case explains its score in `priorityReasons`. */
  router.get('/v1/cases', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(listQuerySchema, req.query, 'query');
    if (q.format === 'csv') {
      // Ranking needs every matching case at once (as for a page); the rows are then streamed out in queue order.
      const all = await cases.queue({ ...toFilter(q), status: q.status }, Number.MAX_SAFE_INTEGER);
      await sendCsv(res, 'cases.csv', CASE_CSV_HEADER, all.cases.map(caseCsvRow));
      return;
    }
    const page = await cases.queue({ ...toFilter(q), status: q.status }, q.limit ?? 50, q.cursor ? decodeQueueCursor(q.cursor) : undefined);
    res.json({ asOf: page.asOf, cases: page.cases.map((r) => presentCase(r)), nextCursor: page.next ? encodeQueueCursor(page.next) : null });
  });

  router.get('/v1/cases/stats', requireRole('viewer'), async (_req, res) => {
    res.json(await cases.stats());
  });

  router.get('/v1/cases/:id', requireRole('viewer'), async (req, res) => {
    const found = await cases.get(req.params.id as string);
    if (!found) throw notFound('case');
    res.json(presentCase(found, true));
  });

  router.patch('/v1/cases/:id', requireRole('agent'), async (req, res) => {
    const body = parseOr400(patchSchema, req.body, 'body');
    try {
      const updated = await cases.patch(req.params.id as string, body, req.principal!.keyId);
      res.json(presentCase(updated, true));
    } catch (err) {
      if (err instanceof CaseNotFoundError) throw notFound('case');
      if (err instanceof CaseTransitionError) throw conflict(err.message);
      throw err;
    }
  });

  /** Venting (non-instrumental) cases need no individual answer: acknowledge them by id or by filter. */
  router.post('/v1/cases/acknowledge-venting', requireRole('agent'), async (req, res) => {
    const body = parseOr400(bulkSchema, req.body, 'body');
    const target = 'ids' in body ? { ids: body.ids } : { filter: toFilter(body.filter) };
    res.json(await cases.acknowledgeVenting(target, req.principal!.keyId, body.note));
  });

  return router;
}
