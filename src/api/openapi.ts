/**
 * The OpenAPI 3.1 document, generated from the very zod schemas the routes validate with: a
 * route's query, body and path rules are imported from its module, never restated. A test
 * checks that every Express route is here and that `docs/openapi.json` matches the generated
 * document (`npm run openapi` rewrites it).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z, type AnyZodObject, type ZodTypeAny } from 'zod';
import type { Role } from '../../config/load-config.ts';
import { correctionInputSchema } from '../domain/corrections/correction.schemas.ts';
import { customerUpsertBodySchema } from '../domain/customers/customer.schemas.ts';
import { pushedItemSchema } from '../domain/sources/ingest.service.ts';
import { createSourceSchema, updateSourceSchema } from '../domain/sources/source.schemas.ts';
import { retryBodySchema } from './routes/admin.routes.ts';
import { auditQuerySchema } from './routes/privacy.routes.ts';
import { subjectRequestSchema } from '../domain/data-rights/subject.ts';
import * as alerts from './routes/alerts.routes.ts';
import * as cases from './routes/cases.routes.ts';
import * as customers from './routes/customers.routes.ts';
import * as digests from './routes/digests.routes.ts';
import { openSchema as shareOpenSchema, shareCreateSchema, week as isoWeek } from './routes/digest-share.routes.ts';
import { signInSchema } from './routes/session.routes.ts';
import * as items from './routes/items.routes.ts';
import { recoveryQueryShape } from './routes/recovery.routes.ts';
import { secretBodySchema } from './routes/sources.routes.ts';
import { breakdownSchema, termsSchema, trendQueryShape } from './routes/trends.routes.ts';

// Adds `.openapi()` to zod's prototype: the generator needs it to name components.
extendZodWithOpenApi(z);

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface Operation {
  method: Method;
  /** Express syntax (`/v1/sources/:id`); converted to `{id}` in the document. */
  path: string;
  summary: string;
  tag: string;
  /** Least role that may call it; none: no API key (health, signed webhooks, the spec itself). */
  role?: Role;
  query?: AnyZodObject;
  body?: ZodTypeAny;
  /** Path parameters' rules where the route checks more than "a string". */
  params?: AnyZodObject;
  /** Success status and what it means. */
  ok: [number, string];
  contentType?: string;
}

const trendQuery = z.object(trendQueryShape).strict();
const noBody = z.object({}).strict();
const id = (name: string) => z.object({ [name]: z.string() });

/** Every route the API serves: `test/integration/api/openapi.test.ts` fails when one is missing. */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/livez', tag: 'health', summary: 'The process is up', ok: [200, 'alive'] },
  { method: 'get', path: '/readyz', tag: 'health', summary: 'Redis and the store answer', ok: [200, 'ready (503 when not)'] },
  { method: 'get', path: '/healthz', tag: 'health', summary: 'Same as /readyz (older name)', ok: [200, 'ready (503 when not)'] },
  { method: 'get', path: '/openapi.json', tag: 'meta', summary: 'This document', ok: [200, 'OpenAPI 3.1 document'] },
  { method: 'get', path: '/docs', tag: 'meta', summary: 'API reference page', ok: [200, 'HTML'], contentType: 'text/html' },
  { method: 'get', path: '/metrics', tag: 'meta', role: 'admin', summary: 'Prometheus metrics', ok: [200, 'text format 0.0.4'], contentType: 'text/plain' },
  { method: 'get', path: '/', tag: 'web', summary: 'The web app (sign-in page and pages; assets under /assets)', ok: [200, 'HTML'], contentType: 'text/html' },
  { method: 'post', path: '/v1/session', tag: 'web', summary: 'Sign in: exchange an API key for a session cookie and a CSRF token', body: signInSchema, ok: [201, 'signed in'] },
  { method: 'get', path: '/v1/session', tag: 'web', summary: 'The current session (role, CSRF token)', ok: [200, 'session'] },
  { method: 'delete', path: '/v1/session', tag: 'web', role: 'viewer', summary: 'Sign out: the session ends on the server', ok: [204, 'signed out'] },
  { method: 'post', path: '/v1/digests/:week/share', tag: 'digests', role: 'viewer', summary: 'A signed, expiring link to one digest', params: z.object({ week: isoWeek }), body: shareCreateSchema(14), ok: [201, 'the link and when it expires'] },
  { method: 'get', path: '/share/digests/:week', tag: 'digests', summary: 'Open a shared digest (no key: the signature is the credential)', params: z.object({ week: isoWeek }), query: shareOpenSchema, ok: [200, 'HTML'], contentType: 'text/html' },
  { method: 'post', path: '/v1/webhooks/:sourceId', tag: 'sources', summary: 'Signed survey webhook (Standard Webhooks headers; no API key)', body: z.unknown(), ok: [202, 'responses queued'] },

  { method: 'post', path: '/v1/sources', tag: 'sources', role: 'admin', summary: 'Register a source', body: createSourceSchema, ok: [201, 'created (push sources: with their webhook secret, shown once)'] },
  { method: 'get', path: '/v1/sources', tag: 'sources', role: 'viewer', summary: 'List sources with health', ok: [200, 'sources'] },
  { method: 'get', path: '/v1/sources/:id', tag: 'sources', role: 'viewer', summary: 'One source with health', ok: [200, 'source'] },
  { method: 'patch', path: '/v1/sources/:id', tag: 'sources', role: 'admin', summary: 'Change a source', body: updateSourceSchema, ok: [200, 'updated source'] },
  { method: 'delete', path: '/v1/sources/:id', tag: 'sources', role: 'admin', summary: 'Remove a source', ok: [204, 'removed'] },
  { method: 'post', path: '/v1/sources/:id/poll', tag: 'sources', role: 'admin', summary: 'Poll now (ignores backoff)', ok: [202, 'poll queued'] },
  { method: 'post', path: '/v1/sources/:id/webhook-secret', tag: 'sources', role: 'admin', summary: 'Set or rotate a push source signing secret', body: secretBodySchema, ok: [201, 'the new secret, shown once'] },

  { method: 'post', path: '/v1/items', tag: 'items', role: 'agent', summary: 'Push up to 1,000 items (207 when some are invalid)', body: items.pushBodySchema.extend({ items: z.array(pushedItemSchema).min(1).max(items.MAX_ITEMS_PER_PUSH) }), ok: [202, 'all items queued'] },
  { method: 'get', path: '/v1/items', tag: 'items', role: 'viewer', summary: 'Items, newest first', query: items.listQueryShape, ok: [200, 'a page of items'] },
  { method: 'patch', path: '/v1/items/:id/classification', tag: 'items', role: 'agent', summary: 'Correct an item’s labels', body: correctionInputSchema, ok: [200, 'corrected'] },

  ...(['buzz', 'satisfaction', 'metrics', 'share-of-voice', 'aspects'] as const).map(
    (name): Operation => ({ method: 'get', path: `/v1/trends/${name}`, tag: 'trends', role: 'viewer', summary: `Trend: ${name}`, query: trendQuery, ok: [200, 'buckets'] }),
  ),
  { method: 'get', path: '/v1/trends/breakdown', tag: 'trends', role: 'viewer', summary: 'Trend split by source, kind, label or aspect', query: trendQuery.merge(breakdownSchema), ok: [200, 'groups'] },
  { method: 'get', path: '/v1/trends/terms', tag: 'trends', role: 'viewer', summary: 'Rising and falling terms', query: trendQuery.merge(termsSchema), ok: [200, 'terms'] },

  { method: 'get', path: '/v1/alerts', tag: 'alerts', role: 'viewer', summary: 'Spike alerts', query: alerts.listSchema, ok: [200, 'alerts'] },
  { method: 'get', path: '/v1/alerts/:id', tag: 'alerts', role: 'viewer', summary: 'One alert', params: alerts.paramsSchema, ok: [200, 'alert'] },
  { method: 'patch', path: '/v1/alerts/:id', tag: 'alerts', role: 'agent', summary: 'Acknowledge an alert', params: alerts.paramsSchema, body: alerts.patchSchema, ok: [200, 'acknowledged'] },

  { method: 'post', path: '/v1/digests', tag: 'digests', role: 'agent', summary: 'Build a weekly digest now', body: digests.createSchema, ok: [201, 'digest'] },
  { method: 'get', path: '/v1/digests/latest', tag: 'digests', role: 'viewer', summary: 'Latest digest', query: digests.formatSchema, ok: [200, 'digest'] },
  { method: 'get', path: '/v1/digests/:week', tag: 'digests', role: 'viewer', summary: 'Digest of an ISO week', params: z.object({ week: digests.week }), query: digests.formatSchema, ok: [200, 'digest'] },

  { method: 'get', path: '/v1/privacy/subjects', tag: 'privacy', role: 'admin', summary: 'What Earshot holds for a person (counts per collection); the identifier is hashed as ingest does, never stored', query: subjectRequestSchema, ok: [200, 'counts'] },
  { method: 'get', path: '/v1/privacy/subjects/export', tag: 'privacy', role: 'admin', summary: 'A person’s items and cases (right of access)', query: subjectRequestSchema, ok: [200, 'items and cases'] },
  { method: 'delete', path: '/v1/privacy/subjects', tag: 'privacy', role: 'admin', summary: 'Erase a person: items, cases, links, signals, corrections, lookups and their counts (identifiers in the body preferred)', body: subjectRequestSchema, ok: [200, 'what was erased'] },
  { method: 'get', path: '/v1/privacy/audit', tag: 'privacy', role: 'admin', summary: 'Privacy audit log (who ran what, when; never the identity)', query: auditQuerySchema, ok: [200, 'audit records'] },
  { method: 'get', path: '/v1/admin/queues', tag: 'admin', role: 'admin', summary: 'Job counts per queue and state', ok: [200, 'counts'] },
  { method: 'get', path: '/v1/admin/failed', tag: 'admin', role: 'admin', summary: 'Jobs in the failed set and batches that ended there', ok: [200, 'failed jobs'] },
  { method: 'post', path: '/v1/admin/failed/retry', tag: 'admin', role: 'admin', summary: 'Run failed jobs again (all, or the given ids)', body: retryBodySchema, ok: [200, 'retried jobs'] },
  { method: 'get', path: '/v1/admin/quarantine', tag: 'admin', role: 'admin', summary: 'Items the store refused alone, with the reason', ok: [200, 'quarantined items'] },

  { method: 'post', path: '/v1/customers', tag: 'triage', role: 'admin', summary: 'Upsert customers (≤ 5,000)', body: customerUpsertBodySchema, ok: [200, 'upserted'] },
  { method: 'get', path: '/v1/customers/at-risk', tag: 'triage', role: 'viewer', summary: 'Save queue by LTV', query: customers.listQuerySchema, ok: [200, 'customers'] },
  { method: 'get', path: '/v1/customers/:externalId', tag: 'triage', role: 'viewer', summary: 'A customer with LTV arithmetic', ok: [200, 'customer'] },
  { method: 'delete', path: '/v1/customers/:externalId/at-risk', tag: 'triage', role: 'agent', summary: 'Take a customer off the save queue', ok: [200, 'removed'] },

  { method: 'get', path: '/v1/cases', tag: 'triage', role: 'viewer', summary: 'Triage queue', query: cases.listQueryShape, ok: [200, 'cases'] },
  { method: 'get', path: '/v1/cases/stats', tag: 'triage', role: 'viewer', summary: 'Case counts', ok: [200, 'stats'] },
  { method: 'get', path: '/v1/cases/:id', tag: 'triage', role: 'viewer', summary: 'A case with its audit trail', ok: [200, 'case'] },
  { method: 'patch', path: '/v1/cases/:id', tag: 'triage', role: 'agent', summary: 'Move, assign or annotate a case (409 on an illegal transition)', body: cases.patchSchema, ok: [200, 'case'] },
  { method: 'post', path: '/v1/cases/acknowledge-venting', tag: 'triage', role: 'agent', summary: 'Acknowledge venting cases in bulk', body: cases.bulkSchema, ok: [200, 'acknowledged'] },
  { method: 'get', path: '/v1/recovery', tag: 'triage', role: 'viewer', summary: 'Service recovery report', query: z.object(recoveryQueryShape).strict(), ok: [200, 'report'] },
];

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string(),
    requestId: z.string().optional(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

const pathParams = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
export const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** Builds the document; `version` is the package version. */
export function openApiDocument(version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key> (roles viewer < agent < admin)' });
  const problemRef = registry.register('Problem', problem);
  for (const op of OPERATIONS) {
    const names = pathParams(op.path);
    const params = names.length ? (op.params ?? z.object(Object.fromEntries(names.map((n) => [n, z.string()])))) : undefined;
    registry.registerPath({
      method: op.method,
      path: toOpenApiPath(op.path),
      summary: op.summary,
      tags: [op.tag],
      ...(op.role ? { security: [{ apiKey: [] }], description: `Needs the ${op.role} role.` } : {}),
      request: {
        ...(params ? { params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body ? { body: { content: { 'application/json': { schema: op.body } } } } : {}),
      },
      responses: {
        [op.ok[0]]: { description: op.ok[1], ...(op.ok[0] === 204 ? {} : { content: { [op.contentType ?? 'application/json']: { schema: op.contentType ? z.string() : z.object({}).passthrough() } } }) },
        ...(op.path === '/v1/items' && op.method === 'post'
          ? { 207: { description: 'some items invalid: the valid ones are queued; `results` holds each item’s status', content: { 'application/json': { schema: z.object({}).passthrough() } } } }
          : {}),
        default: { description: 'an error (4xx, 503 with Retry-After, 500)', content: { 'application/problem+json': { schema: problemRef } } },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Earshot API', version, license: { name: 'MIT', identifier: 'MIT' }, description: 'Social listening and feedback aggregation. Errors are RFC 9457 problem details.' },
    servers: [{ url: '/' }],
  });
}
