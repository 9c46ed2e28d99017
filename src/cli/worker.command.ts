import { loadConfig } from '../../config/load-config.ts';
import { loadClassifier } from '../domain/classification/index.ts';
import { buildContainer } from '../app/compose.ts';
import { startWorkers } from '../../workers/start-workers.ts';
import { onShutdown } from './shutdown.ts';
import { startAnalyticsSchedules } from '../domain/alerts/analytics-schedules.ts';
import { startRetentionSchedule } from '../domain/data-rights/retention-schedule.ts';

export async function workerCommand(): Promise<number> {
  const config = loadConfig();
  const classifier = loadClassifier();
  const container = await buildContainer(config);
  const workers = await startWorkers(container, classifier);
  await container.services.scheduler.syncAll(await container.repos.sources.listEnabled());
  await startAnalyticsSchedules(container.queues.byName.analytics, config);
  await startRetentionSchedule(container.queues.byName.analytics, config);
  container.logger.info({ concurrency: config.queue.concurrency, model: classifier.modelVersion }, 'worker_started');
  await onShutdown(async () => {
    await workers.close();
    await container.close();
  });
  return 0;
}
