/**
 * npm run bench:import — `earshot import` of a generated CSV (BENCH_ROWS, default 100,000) through
 * the real ingest path: rows/s and peak heap growth (raw, and live after a full GC every fifth
 * batch). The volume lives here; the test suite imports a smaller file with the same checks.
 * On its own database, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../config/defaults.ts';
import { loadConfig } from '../config/load-config.ts';
import { buildContainer } from '../src/app/compose.ts';
import { loadClassifier } from '../src/domain/classification/index.ts';
import { createLogger } from '../src/infra/logger.ts';
import { mongoUriWithDatabase } from '../src/infra/mongo.ts';
import { deleteKeysWithPrefix } from '../src/infra/redis.ts';
import { importWatchingHeap, writeSurveyCsv } from './survey-csv.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    EARSHOT_DEV_DEFAULTS: 'true',
    MONGODB_URI: mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_bench_import_${randomBytes(3).toString('hex')}`),
    EARSHOT_QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    EARSHOT_LOG_LEVEL: 'warn',
    EARSHOT_COUNTER_FLUSH_MS: '0',
  });
  const c = await buildContainer(config, createLogger('warn'));
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-import-'));
  try {
    const file = join(dir, 'survey.csv');
    await writeSurveyCsv(file, ROWS);
    const source = await c.repos.sources.create({ name: 'bench survey', type: 'push', url: '', kind: 'survey', label: 'bench', pollIntervalSec: 3600, enabled: true, settings: {} });
    const { summary, peakMb, liveMb } = await importWatchingHeap(
      { sources: c.repos.sources, authorSalt: config.privacy.authorSalt, ingest: { classifier: loadClassifier(), feedback: c.repos.feedback, counters: c.repos.counters } },
      file,
      String(source._id),
    );
    console.log(`import ${ROWS.toLocaleString('en')} rows: ${summary.rowsPerSec} rows/s, ${summary.seconds.toFixed(1)} s, inserted ${summary.inserted}, rejected ${summary.rejected}`);
    console.log(`peak heap growth ${peakMb.toFixed(1)} MB (live after GC: ${liveMb.toFixed(1)} MB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(Object.values(c.databases).map((db) => db.dropDatabase()));
    await deleteKeysWithPrefix(c.redis, config.queue.prefix);
    await c.close();
  }
}

await main();
