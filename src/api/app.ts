/** Builds the Express app from its dependencies; the entry point decides where it listens. */
import express from 'express';
import type { Container } from '../infra/container.ts';
import { apiDocsRoutes } from './api-docs.ts';
import { recordHttpMetrics, serveMetrics } from './metrics.ts';
import { queueBoard } from './queue-board.ts';
import { accessLog } from './middleware/access-log.ts';
import { createAuth } from './middleware/auth.ts';
import { notFoundHandler, problemDetails } from './middleware/problem-details.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { alertsRoutes } from './routes/alerts.routes.ts';
import { casesRoutes } from './routes/cases.routes.ts';
import { correctionsRoutes } from './routes/corrections.routes.ts';
import { customersRoutes } from './routes/customers.routes.ts';
import { digestsRoutes } from './routes/digests.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { itemsRoutes } from './routes/items.routes.ts';
import { recoveryRoutes } from './routes/recovery.routes.ts';
import { sourcesRoutes } from './routes/sources.routes.ts';
import { trendsRoutes } from './routes/trends.routes.ts';
import { webhooksRoutes } from './routes/webhooks.routes.ts';

export const MAX_BODY = '5mb';

export function createApp(c: Container): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(accessLog(c.logger));
  app.use(recordHttpMetrics(c.metrics));
  app.use(healthRoutes(c));
  app.use(apiDocsRoutes());
  // Signed by the sender, not by an API key, and verified over the raw body: before auth and express.json.
  app.use(webhooksRoutes(c));

  const { authenticate, requireRole, adminOnly } = createAuth(c.config.api.keys);
  app.get('/metrics', ...adminOnly, serveMetrics(c.metrics));
  app.use(queueBoard(c.queues.byName, adminOnly));
  app.use('/v1', authenticate, rateLimit(c.redis, { prefix: c.config.queue.prefix, perMinute: c.config.api.rateLimitPerMin }));
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

  app.use(notFoundHandler());
  app.use(problemDetails(c.logger));
  return app;
}
