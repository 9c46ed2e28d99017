/** Builds the Express app from its dependencies; the entry point decides where it listens. */
import express, { type ErrorRequestHandler } from 'express';
import type { Container } from '../app/compose.ts';
import { ApiError } from './errors.ts';
import { createAuth } from './middleware/auth.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { alertsRoutes } from './routes/alerts.routes.ts';
import { casesRoutes } from './routes/cases.routes.ts';
import { correctionsRoutes } from './routes/corrections.routes.ts';
import { customersRoutes } from './routes/customers.routes.ts';
import { digestsRoutes } from './routes/digests.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { itemsRoutes } from './routes/items.routes.ts';
import { privacyRoutes } from './routes/privacy.routes.ts';
import { recoveryRoutes } from './routes/recovery.routes.ts';
import { sourcesRoutes } from './routes/sources.routes.ts';
import { trendsRoutes } from './routes/trends.routes.ts';
import { webhooksRoutes } from './routes/webhooks.routes.ts';

export const MAX_BODY = '5mb';

export function createApp(c: Container): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(healthRoutes(c));
  // Signed by the sender, not by an API key, and verified over the raw body: before auth and express.json.
  app.use(webhooksRoutes(c));

  const { authenticate, requireRole } = createAuth(c.config.api.keys);
  app.use('/v1', authenticate);
  app.use(express.json({ limit: MAX_BODY }));
  app.use(sourcesRoutes(c, requireRole));
  app.use(itemsRoutes(c, requireRole));
  app.use(trendsRoutes(c, requireRole));
  app.use(alertsRoutes(c, requireRole));
  app.use(digestsRoutes(c, requireRole));
  app.use(adminRoutes(c, requireRole));
  app.use(customersRoutes(c, requireRole));
  app.use(casesRoutes(c, requireRole));
  app.use(correctionsRoutes(c, requireRole));
  app.use(recoveryRoutes(c, requireRole));
  app.use(privacyRoutes(c, requireRole));

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such route' } });
  });

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    if (res.headersSent) {
      // A streamed answer (a CSV export) failed midway: cut it off, so the client sees an incomplete download.
      c.logger.error({ err: (err as Error).message }, 'response_failed_midway');
      res.destroy();
      return;
    }
    if (err instanceof ApiError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'invalid_json', message: 'request body is not valid JSON', fields: [{ field: 'body', message: e.message }] } });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: `request body larger than ${MAX_BODY}` } });
      return;
    }
    c.logger.error({ err: e.message }, 'request_failed');
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
  app.use(onError);
  return app;
}
