/** `earshot retry-failed [--list] [id …]`: runs jobs in the failed set again (all, or the given ids). */
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer } from '../app/compose.ts';
import { createLogger } from '../infra/logger.ts';
import type { CliCommand, CommandArgs } from './cli-command.ts';

const USAGE = `usage: earshot retry-failed [--list] [<job id> …]

Jobs end in the failed set when they run out of retries (the store was down longer than the retry
window) or fail for good. Without ids every failed job runs again, with its attempts reset;
--list only prints them. Counting is exactly-once, so a retried batch never counts twice.
`;

export const command: CliCommand = {
  usage: USAGE,
  options: { list: { type: 'boolean' } },
  positionals: { min: 0, max: 1000 },
  run: retryFailedCommand,
};

async function retryFailedCommand({ values, positionals: ids }: CommandArgs): Promise<number> {
  const listOnly = values.list === true;
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  try {
    const jobs = listOnly ? await container.queues.failed() : await container.queues.retryFailed(ids.length ? ids : undefined);
    for (const j of jobs) process.stdout.write(`${JSON.stringify(j)}\n`);
    process.stderr.write(`${listOnly ? 'failed' : 'retried'}: ${jobs.length} job(s)\n`);
    return 0;
  } finally {
    await container.close();
  }
}
