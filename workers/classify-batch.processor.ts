import { ingestBatch } from '../src/domain/feedback/ingest-batch.service.ts';
import type { Processor } from './processor.types.ts';

export const classifyBatchProcessor: Processor<'classify-batch'> = async (batch, { container, classifier }) => {
  const outcome = await ingestBatch(
    { classifier, feedback: container.repos.feedback, counters: container.repos.counters, onStored: container.triage.listeners },
    batch,
  );
  container.logger.info({ batchId: batch.batchId, sourceId: batch.sourceId, ...outcome }, 'batch_ingested');
  return outcome;
};
