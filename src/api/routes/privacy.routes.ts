/**
 * A person's rights (find, export, erase) and the privacy audit log: admins only. The identifiers
 * asked about are hashed at once and never logged; DELETE also takes them in a JSON body, which
 * keeps them out of URLs and access logs.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import type { Container } from '../../app/compose.ts';
import { EmptySubjectError, subjectOf, subjectRequestSchema, type Subject } from '../../domain/data-rights/subject.ts';
import { badRequest } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  action: z.enum(['find', 'export', 'erase', 'retention']).optional(),
});

export function privacyRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const subject = (value: unknown, where: 'query' | 'body'): Subject => {
    const req = parseOr400(subjectRequestSchema, value, where);
    try {
      return subjectOf(Array.isArray(req.author) ? req.author : [req.author], c.config.privacy.authorSalt, req.source);
    } catch (err) {
      if (err instanceof EmptySubjectError) throw badRequest(`invalid ${where}`, [{ field: `${where}.author`, message: err.message }]);
      throw err;
    }
  };
  const from = (req: Request): Subject => (req.body && typeof req.body === 'object' && 'author' in req.body ? subject(req.body, 'body') : subject(req.query, 'query'));

  router.get('/v1/privacy/subjects', requireRole('admin'), async (req, res) => {
    res.json({ counts: await c.privacy.subjects.find(subject(req.query, 'query'), req.principal!.keyId) });
  });

  router.get('/v1/privacy/subjects/export', requireRole('admin'), async (req, res) => {
    res.json(await c.privacy.subjects.export(subject(req.query, 'query'), req.principal!.keyId));
  });

  router.delete('/v1/privacy/subjects', requireRole('admin'), async (req, res) => {
    res.json({ erased: await c.privacy.subjects.erase(from(req), req.principal!.keyId) });
  });

  router.get('/v1/privacy/audit', requireRole('admin'), async (req, res) => {
    const q = parseOr400(auditQuerySchema, req.query, 'query');
    res.json({ records: await c.privacy.audit.list(q.limit, q.action) });
  });

  return router;
}
