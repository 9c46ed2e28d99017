import { Router } from 'express';
import type { Container } from '../../infra/container.ts';
import { createSourceSchema, parseSourceSettings, updateSourceSchema } from '../../domain/sources/source.schemas.ts';
import type { StoredSource } from '../../domain/sources/source.repository.ts';
import type { SourceType } from '../../domain/sources/connectors/index.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';
import type { Role } from '../../../config/load-config.ts';
import type { RequestHandler } from 'express';

export function presentSource(s: StoredSource) {
  return {
    id: String(s._id),
    name: s.name,
    type: s.type,
    url: s.url,
    kind: s.kind,
    label: s.label,
    pollIntervalSec: s.pollIntervalSec,
    enabled: s.enabled,
    settings: s.settings,
    health: s.health,
    checkpoint: { etag: s.checkpoint?.etag ?? null, lastModified: s.checkpoint?.lastModified ?? null, seenIds: s.checkpoint?.seenIds?.length ?? 0 },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function sourcesRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const { sources } = c.repos;
  const { scheduler } = c.services;

  router.post('/v1/sources', requireRole('admin'), async (req, res) => {
    const input = parseOr400(createSourceSchema, req.body, 'body');
    const settings = parseSourceSettings(input.type, input.settings);
    if (!settings.ok) throw badRequest('invalid body', settings.issues.map((i) => ({ field: `body.${i.path}`, message: i.message })));
    const created = await sources.create({ ...input, name: input.name ?? input.label, settings: settings.settings });
    await scheduler.sync(created);
    res.status(201).json(presentSource(created));
  });

  router.get('/v1/sources', requireRole('viewer'), async (_req, res) => {
    res.json({ sources: (await sources.list()).map(presentSource) });
  });

  router.get('/v1/sources/:id', requireRole('viewer'), async (req, res) => {
    const source = await sources.findById(req.params.id as string);
    if (!source) throw notFound('source');
    res.json(presentSource(source));
  });

  router.patch('/v1/sources/:id', requireRole('admin'), async (req, res) => {
    const patch = parseOr400(updateSourceSchema, req.body, 'body');
    const existing = await sources.findById(req.params.id as string);
    if (!existing) throw notFound('source');
    if (patch.settings !== undefined) {
      const settings = parseSourceSettings(existing.type as SourceType, patch.settings);
      if (!settings.ok) throw badRequest('invalid body', settings.issues.map((i) => ({ field: `body.${i.path}`, message: i.message })));
      patch.settings = settings.settings;
    }
    const updated = await sources.update(existing._id.toString(), patch);
    if (!updated) throw notFound('source');
    await scheduler.sync(updated);
    res.json(presentSource(updated));
  });

  router.delete('/v1/sources/:id', requireRole('admin'), async (req, res) => {
    const id = req.params.id as string;
    if (!(await sources.delete(id))) throw notFound('source');
    await scheduler.remove(id);
    res.status(204).end();
  });

  router.post('/v1/sources/:id/poll', requireRole('admin'), async (req, res) => {
    const source = await sources.findById(req.params.id as string);
    if (!source) throw notFound('source');
    const jobId = await scheduler.pollNow(String(source._id));
    res.status(202).json({ jobId });
  });

  return router;
}
