import { classifyBatchProcessor } from './classify-batch.processor.ts';
import { pollSourceProcessor } from './poll-source.processor.ts';
import type { ProcessorRegistry } from './processor.types.ts';

export const PROCESSORS: ProcessorRegistry = {
  'poll-source': pollSourceProcessor,
  'classify-batch': classifyBatchProcessor,
};
