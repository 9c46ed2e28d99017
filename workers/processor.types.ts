import type { Job } from 'bullmq';
import type { Classifier } from '../src/domain/classification/classification.types.ts';
import type { Container } from '../src/app/compose.ts';
import type { JobName, JobPayload } from '../src/queue/jobs.ts';

export interface ProcessorContext {
  container: Container;
  classifier: Classifier;
  job: Job;
}

export type Processor<N extends JobName> = (payload: JobPayload<N>, ctx: ProcessorContext) => Promise<unknown>;

/** Every job name must have a processor: a missing one is a compile error. */
export type ProcessorRegistry = { [N in JobName]: Processor<N> };
