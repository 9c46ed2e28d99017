import { ingestBatch } from '../src/domain/feedback/ingest-batch.service.ts';
import type { Processor } from './processor.types.ts';

export const classifyBatchProcessor: Processor<'classify-batch'> = async (batch, { container, classifier }) => {
  const { metrics } = container;
  // The batch's counts will wait in the write-behind buffer until a flush: the lag clock starts now.
  metrics.counted();
  const outcome = await ingestBatch(
    { classifier, feedback: container.repos.feedback, counters: container.repos.counters, onStored: container.triage.listeners },
    batch,
  );
  metrics.item('ingested', batch.sourceId, batch.kind, batch.items.length);
  metrics.item('classified', batch.sourceId, batch.kind, outcome.inserted);
  metrics.item('deduplicated', batch.sourceId, batch.kind, outcome.existing + outcome.duplicates);
  container.logger.info({ batchId: batch.batchId, sourceId: batch.sourceId, ...outcome }, 'batch_ingested');
  return outcome;
};
