import { pollSource } from '../src/domain/sources/poll-source.service.ts';
import type { Processor } from './processor.types.ts';

export const pollSourceProcessor: Processor<'poll-source'> = async ({ sourceId, force }, { container }) => {
  const outcome = await pollSource(
    {
      sources: container.repos.sources,
      queues: container.queues,
      http: container.http,
      logger: container.logger,
      authorSalt: container.config.privacy.authorSalt,
      batchSize: container.config.sources.pollBatchSize,
      secrets: container.config.sources.namedSecrets,
    },
    sourceId,
    new Date(),
    { force },
  );
  container.metrics.poll(sourceId, outcome.status);
  // Polled items are screened before they are queued; their kind is the source's, not known here.
  container.metrics.item('rejected', sourceId, 'unknown', outcome.invalid);
  return outcome;
};
