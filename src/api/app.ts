/** Builds the Express app from its dependencies; the entry point decides where it listens. */
import express from 'express';
import type { Container } from '../app/compose.ts';
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
import { privacyRoutes } from './routes/privacy.routes.ts';
import { recoveryRoutes } from './routes/recovery.routes.ts';
import { sourcesRoutes } from './routes/sources.routes.ts';
import { trendsRoutes } from './routes/trends.routes.ts';
import { webhooksRoutes } from './routes/webhooks.routes.ts';
import { digestShareRoutes } from './routes/digest-share.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { webRoutes } from './routes/web.routes.ts';
import { SessionStore } from './sessions/session-store.ts';

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

  app.use(webRoutes());
  const web = c.config.web;
  const sessions = new SessionStore(c.redis, c.config.queue.prefix, web.sessionHours * 3_600_000);
  const auth = createAuth(c.config.api.keys, { store: sessions, secret: web.sessionSecret });
  const { authenticate, requireRole, adminOnly } = auth;
  const share = digestShareRoutes(web, c.analytics.digestRepo, requireRole);
  app.use(share.open);
  app.get('/metrics', ...adminOnly, serveMetrics(c.metrics));
  app.use(queueBoard(c.queues.byName, adminOnly));
  const limit = rateLimit(c.redis, { prefix: c.config.queue.prefix, perMinute: c.config.api.rateLimitPerMin });
  // Sign-in comes before authentication: it is how a browser gets a session.
  app.use('/v1/session', express.json({ limit: '4kb' }));
  app.use(sessionRoutes(web, auth, sessions));
  app.use('/v1', authenticate, limit);
  app.use(express.json({ limit: MAX_BODY }));
  app.use(share.authenticated);
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

  app.use(notFoundHandler());
  app.use(problemDetails(c.logger));
  return app;
}
