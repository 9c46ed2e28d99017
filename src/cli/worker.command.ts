import { loadConfig } from '../../config/load-config.ts';
import { loadClassifier, MODEL_PATHS } from '../domain/classification/index.ts';
import { buildContainer } from '../app/compose.ts';
import { startWorkers } from '../../workers/start-workers.ts';
import { startHealthServer } from '../../workers/health-server.ts';
import { onShutdown } from './shutdown.ts';
import { startAnalyticsSchedules } from '../domain/alerts/analytics-schedules.ts';
import { startRetentionSchedule } from '../domain/data-rights/retention-schedule.ts';

import type { CliCommand } from './cli-command.ts';

const USAGE = `usage: earshot worker

Runs the queue workers (polling, ingest, analytics) and keeps each source's poll schedule. Serves
/livez, /readyz and /metrics on EARSHOT_WORKER_HEALTH_HOST:EARSHOT_WORKER_HEALTH_PORT (127.0.0.1:8081).
Run as many as you like. SIGTERM/SIGINT: finishes jobs in flight, then exits 0; a second signal forces exit.
`;

export const command: CliCommand = { usage: USAGE, run: () => workerCommand() };

async function workerCommand(): Promise<number> {
  const config = loadConfig();
  const classifier = loadClassifier(MODEL_PATHS[config.classifier.model], { scoredLanguages: config.classifier.scoredLanguages });
  const container = await buildContainer(config);
  const workers = await startWorkers(container, classifier);
  // Several workers on one host share the address: the first serves health, the others say so once.
  const health = await startHealthServer(container, workers, config.workerHealth).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    container.logger.warn({ ...config.workerHealth }, 'worker_health_address_in_use: set EARSHOT_WORKER_HEALTH_PORT per worker');
    return undefined;
  });
  const healthAddress = health?.address();
  await container.services.scheduler.syncAll(await container.repos.sources.listEnabled());
  await startAnalyticsSchedules(container.queues.byName.analytics, config);
  await startRetentionSchedule(container.queues.byName.analytics, config);
  container.logger.info(
    { concurrency: config.queue.concurrency, model: classifier.modelVersion, healthPort: typeof healthAddress === 'object' ? healthAddress?.port : undefined },
    'worker_started',
  );
  await onShutdown(async () => {
    health?.close();
    await workers.close();
    await container.close();
  });
  return 0;
}
