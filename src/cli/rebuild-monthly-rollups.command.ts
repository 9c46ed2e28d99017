/**
 * `earshot rebuild-monthly-rollups [YYYY …]`: builds the monthly trend rollups from the daily ones,
 * for counters written before the monthly level existed. Idempotent; default: every year with data.
 */
import type { Writable } from 'node:stream';
import { loadConfig } from '../../config/load-config.ts';
import { buildContainer } from '../infra/container.ts';
import { createLogger } from '../infra/logger.ts';

const USAGE = `usage: earshot rebuild-monthly-rollups [YYYY …]

Long-range trend totals read whole months from monthly rollups, which ingestion writes from this
version on. Run this once after upgrading so the months counted before have them too; running it
again changes nothing. Counting may go on meanwhile (each month is rebuilt under the counter lock).
`;

export async function rebuildMonthlyRollupsCommand(args: string[], out: Writable = process.stdout, err: Writable = process.stderr): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    out.write(USAGE);
    return 0;
  }
  const bad = args.filter((a) => !/^\d{4}$/.test(a));
  if (bad.length) {
    err.write(`not a year: ${bad.join(', ')}\n${USAGE}`);
    return 2;
  }
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
