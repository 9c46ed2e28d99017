import type { Processor } from './processor.types.ts';

/** Daily: removes items past their kind's retention (and their closed cases); the counters keep their history. */
export const purgeRetentionProcessor: Processor<'purge-retention'> = async ({ at }, { container }) => {
  const outcome = await container.privacy.retention.purge(at ? new Date(at) : new Date());
  container.logger.info({ outcome }, 'retention_purged');
  return outcome;
};
