/**
 * `earshot rebuild-monthly-rollups [YYYY …]`: builds the monthly trend rollups from the daily ones,
 * for counters written before the monthly level existed. Idempotent; default: every year with data.
 */
import type { Writable } from 'node:stream';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer } from '../infra/container.ts';
import { createLogger } from '../infra/logger.ts';
import { UsageError, type CliCommand } from './cli-command.ts';

const USAGE = `usage: earshot rebuild-monthly-rollups [YYYY …]

Long-range trend totals read whole months from monthly rollups, which ingestion writes from this
version on. Run this once after upgrading so the months counted before have them too; running it
again changes nothing. Counting may go on meanwhile (each month is rebuilt under the counter lock).
`;

export const command: CliCommand = {
  usage: USAGE,
  positionals: { min: 0, max: Infinity },
  run: ({ positionals }) => rebuildMonthlyRollupsCommand(positionals),
};

async function rebuildMonthlyRollupsCommand(args: string[], out: Writable = process.stdout): Promise<number> {
  const bad = args.filter((a) => !/^\d{4}$/.test(a));
  if (bad.length) throw new UsageError(`not a year: ${bad.join(', ')}`);
  const config = loadConfig();
  const container = await buildContainer(config, createLogger(config.log.level === 'info' ? 'warn' : config.log.level));
  try {
    const years = args.length ? args : await container.repos.counters.yearsWithDailyRollups();
    for (const year of years) {
      await container.repos.counters.rebuildMonthly(year);
      out.write(`rebuilt the monthly rollups of ${year}\n`);
    }
    return 0;
  } finally {
    await container.close();
  }
}
