import { loadConfig } from '../../config/load-config.ts';
import { loadClassifier, MODEL_PATHS } from '../domain/classification/index.ts';
import { buildContainer } from '../infra/container.ts';
import { startWorkers } from '../../workers/start-workers.ts';
import { onShutdown } from './shutdown.ts';
import { legacyCollections } from './move-to-sibling-databases.command.ts';
import { startAnalyticsSchedules } from '../domain/alerts/analytics-schedules.ts';

export async function workerCommand(): Promise<number> {
  const config = loadConfig();
  const classifier = loadClassifier(MODEL_PATHS[config.classifier.model]);
  const container = await buildContainer(config);
  const workers = await startWorkers(container, classifier);
  await container.services.scheduler.syncAll(await container.repos.sources.listEnabled());
  await startAnalyticsSchedules(container.queues.byName.analytics, config);
  container.logger.info({ concurrency: config.queue.concurrency, model: classifier.modelVersion }, 'worker_started');
  const legacy = await legacyCollections(container);
  if (legacy.length) {
    container.logger.warn({ collections: legacy.length }, 'cases or rollups of an older version are still in the main database: run `earshot move-to-sibling-databases`');
  }
  await onShutdown(async () => {
    await workers.close();
    await container.close();
  });
  return 0;
}
