/**
 * The worker's own small HTTP endpoint, on a separate address from the API: `/livez` (its BullMQ
 * workers are running), `/readyz` (Redis and the store answer) and `/metrics` (Prometheus text).
 * Bind it to a private interface: it has no key.
 */
import { createServer, type Server } from 'node:http';
import type { Container } from '../src/app/compose.ts';
import { readiness } from '../src/infra/readiness.ts';
import type { RunningWorkers } from './start-workers.ts';

export async function startHealthServer(container: Container, workers: RunningWorkers, address: { host: string; port: number }): Promise<Server> {
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { status: 405, detail: 'GET only' });
    if (path === '/livez') {
      const live = workers.workers.every((w) => w.isRunning());
      return json(res, live ? 200 : 503, { status: live ? 'ok' : 'stopped' });
    }
    if (path === '/readyz') {
      readiness(container).then(
        ({ ok, redis, mongodb }) => json(res, ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', redis, mongodb }),
        () => json(res, 503, { status: 'degraded' }),
      );
      return;
    }
    if (path === '/metrics') {
      container.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': container.metrics.registry.contentType }).end(text),
        (err: Error) => json(res, 500, { status: 500, detail: err.message }),
      );
      return;
    }
    json(res, 404, { status: 404, detail: 'no such route' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  return server;
}
