import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import { customerInputSchema, customerUpsertBodySchema, type CustomerInput } from '../../domain/customers/customer.schemas.ts';
import { presentCustomer } from '../../domain/customers/customer.service.ts';
import type { LtvCursor } from '../../domain/customers/customer.repository.ts';
import type { Container } from '../../app/compose.ts';
import { badRequest, notFound, type FieldIssue } from '../errors.ts';
import { parseOr400, zodIssues } from '../middleware/validate.ts';

export const listQuerySchema = z
  .object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().optional() })
  .strict();

function encodeLtvCursor(c: LtvCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeLtvCursor(raw: string): LtvCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as LtvCursor;
    if (typeof c.ltv === 'number' && typeof c.id === 'string' && /^[0-9a-f]{24}$/.test(c.id)) return c;
  } catch {
    // fall through to the 400
  }
  throw badRequest('invalid query', [{ field: 'query.cursor', message: 'not a cursor returned by this API' }]);
}

export function customersRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const { customers } = c.triage;

  /** Bulk upsert: every row is validated first; one bad row rejects the request and nothing is written. */
  router.post('/v1/customers', requireRole('admin'), async (req, res) => {
    const body = parseOr400(customerUpsertBodySchema, req.body, 'body');
    const valid: CustomerInput[] = [];
    const fields: FieldIssue[] = [];
    body.customers.forEach((raw, index) => {
      const parsed = customerInputSchema.safeParse(raw);
      if (parsed.success) valid.push(parsed.data);
      else fields.push(...zodIssues(parsed.error, `body.customers.${index}`));
    });
    if (fields.length) throw badRequest(`${new Set(fields.map((f) => f.field.split('.')[2])).size} of ${body.customers.length} customers are invalid; nothing was stored`, fields);
    const outcome = await customers.upsert(valid);
    res.json({
      upserted: outcome.upserted,
      tiers: outcome.tiers,
      customers: outcome.customers.map((x) => ({ externalId: x.externalId, ltv: x.ltv, tier: x.tier, atRisk: x.atRisk })),
    });
  });

  router.get('/v1/customers/at-risk', requireRole('viewer'), async (req, res) => {
    const q = parseOr400(listQuerySchema, req.query, 'query');
    const page = await customers.listAtRisk(q.limit, q.cursor ? decodeLtvCursor(q.cursor) : undefined);
    res.json({ customers: page.customers.map(presentCustomer), nextCursor: page.next ? encodeLtvCursor(page.next) : null });
  });

  router.get('/v1/customers/:externalId', requireRole('viewer'), async (req, res) => {
    const customer = await customers.get(req.params.externalId as string);
    if (!customer) throw notFound('customer');
    res.json(presentCustomer(customer));
  });

  /** The customer was saved (or the signal was wrong): off the save queue until they signal again. */
  router.delete('/v1/customers/:externalId/at-risk', requireRole('agent'), async (req, res) => {
    const customer = await customers.clearAtRisk(req.params.externalId as string);
    if (!customer) throw notFound('customer');
    res.json(presentCustomer(customer));
  });

  return router;
}
