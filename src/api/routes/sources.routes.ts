import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../../../config/load-config.ts';
import type { Container } from '../../app/compose.ts';
import { createSourceSchema, parseSourceSettings, privateUrlIssue, updateSourceSchema } from '../../domain/sources/source.schemas.ts';
import { itemsLast24h, type StoredSource } from '../../domain/sources/source.repository.ts';
import { isPolled, type SourceType } from '../../domain/sources/connectors/index.ts';
import { isValidWebhookSecret } from '../../../config/destinations.ts';
import { encryptSecret, generateWebhookSecret } from '../../domain/sources/webhook-signature.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseOr400 } from '../middleware/validate.ts';

export function presentSource(s: StoredSource, now = new Date()) {
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
    include: s.include ?? [],
    exclude: s.exclude ?? [],
    health: {
      lastPolledAt: s.health?.lastPolledAt ?? null,
      lastSuccessAt: s.health?.lastSuccessAt ?? null,
      lastError: s.health?.lastError ?? null,
      consecutiveFailures: s.health?.consecutiveFailures ?? 0,
      pausedReason: s.health?.pausedReason ?? null,
      nextPollAfter: s.health?.nextPollAfter ?? null,
      itemsLast24h: itemsLast24h(s, now),
    },
    stats: { received: s.stats?.received ?? 0, excluded: s.stats?.excluded ?? 0, invalid: s.stats?.invalid ?? 0 },
    checkpoint: {
      etag: s.checkpoint?.etag ?? null,
      lastModified: s.checkpoint?.lastModified ?? null,
      cursor: s.checkpoint?.cursor ?? null,
      seenIds: s.checkpoint?.seenIds?.length ?? 0,
      // A backlog bigger than one poll is still being read.
      backlog: Boolean(s.checkpoint?.backlog),
    },
    // The secret itself is shown once, when it is made; afterwards only whether there is one.
    webhook: { path: `/v1/webhooks/${String(s._id)}`, secretSet: Boolean(s.webhookSecret) },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export const secretBodySchema = z
  .object({ secret: z.string().refine(isValidWebhookSecret, 'must be "whsec_" followed by at least 16 bytes of base64').optional() })
  .strict();

export function sourcesRoutes(c: Container, requireRole: (role: Role) => RequestHandler): Router {
  const router = Router();
  const { sources } = c.repos;
  const { scheduler } = c.services;
  const assertReachable = (url: string | undefined) => {
    const issue = url === undefined || c.config.sources.allowPrivate ? null : privateUrlIssue(url);
    if (issue) throw badRequest('invalid body', [{ field: `body.${issue.path}`, message: issue.message }]);
  };

  router.post('/v1/sources', requireRole('admin'), async (req, res) => {
    const input = parseOr400(createSourceSchema, req.body, 'body');
    assertReachable(input.url);
    const settings = parseSourceSettings(input.type, input.settings);
    if (!settings.ok) throw badRequest('invalid body', settings.issues.map((i) => ({ field: `body.${i.path}`, message: i.message })));
    // Push sources (ours, Typeform) receive signed webhooks: they get a signing secret at once, shown only in this answer.
    const webhookSecret = isPolled(input.type) ? undefined : generateWebhookSecret();
    const created = await sources.create({
      ...input,
      name: input.name ?? input.label,
      settings: settings.settings,
      ...(webhookSecret ? { webhookSecret: encryptSecret(webhookSecret, c.config.sources.secretsKey) } : {}),
    });
    await scheduler.sync(created);
    res.status(201).json({ ...presentSource(created), ...(webhookSecret ? { webhookSecret } : {}) });
  });

  router.get('/v1/sources', requireRole('viewer'), async (_req, res) => {
    const now = new Date();
    res.json({ sources: (await sources.list()).map((s) => presentSource(s, now)) });
  });

  router.get('/v1/sources/:id', requireRole('viewer'), async (req, res) => {
    const source = await sources.findById(req.params.id as string);
    if (!source) throw notFound('source');
    res.json(presentSource(source));
  });

  router.patch('/v1/sources/:id', requireRole('admin'), async (req, res) => {
    const patch = parseOr400(updateSourceSchema, req.body, 'body');
    assertReachable(patch.url);
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

  /** Sets (body `{ secret }`, for tools that make their own) or generates a new webhook signing secret. */
  router.post('/v1/sources/:id/webhook-secret', requireRole('admin'), async (req, res) => {
    const body = parseOr400(secretBodySchema, req.body ?? {}, 'body');
    const source = await sources.findById(req.params.id as string);
    if (!source) throw notFound('source');
    const secret = body.secret ?? generateWebhookSecret();
    await sources.setWebhookSecret(source._id, encryptSecret(secret, c.config.sources.secretsKey));
    res.status(201).json({ sourceId: String(source._id), webhookSecret: secret, path: `/v1/webhooks/${String(source._id)}` });
  });

  return router;
}
