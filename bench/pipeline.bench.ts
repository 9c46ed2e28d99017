/**
 * npm run bench:pipeline — pushes generated items through the real path (queue → classify →
 * bulk upsert → counters) and compares the end-to-end rate with the store's raw insertMany
 * rate for the same documents (the ceiling). BENCH_ITEMS (default 200000) sets the size;
 * BENCH_AUTHORS=0 sends anonymous items; BENCH_TRIAGE=0 runs without the triage listeners (cases,
 * defection signals), i.e. the ingest pipeline alone.
 */
import { mongoUriWithDatabase } from '../src/infra/mongo.ts';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/load-config.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { loadClassifier } from '../src/domain/classification/index.ts';
import { buildItemDocs } from '../src/domain/feedback/ingest-batch.service.ts';
import { buildContainer } from '../src/app/compose.ts';
import { deleteKeysWithPrefix } from '../src/infra/redis.ts';
import { createLogger } from '../src/infra/logger.ts';
import type { QueuedItem } from '../src/queue/jobs.ts';
import { startWorkers } from '../workers/start-workers.ts';
import { generateItems } from './bench-items.ts';

const TOTAL = Number(process.env.BENCH_ITEMS ?? 200_000);
const BATCH = 1000;
const BENCH_START = Date.now();
/** BENCH_AUTHORS=0: anonymous items, so the triage listeners (customer and repeat-complaint lookups) have nothing to join. */
const WITH_AUTHORS = process.env.BENCH_AUTHORS !== '0';

function generate(n: number, start: number): QueuedItem[] {
  return generateItems(n, start, { total: TOTAL, benchStart: BENCH_START, withAuthors: WITH_AUTHORS });
}

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    EARSHOT_DEV_DEFAULTS: 'true',
    MONGODB_URI: mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_bench_pipeline_${randomBytes(3).toString('hex')}`),
    EARSHOT_QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    EARSHOT_LOG_LEVEL: 'warn',
  });
  const classifier = loadClassifier();
  const container = await buildContainer(config, createLogger('warn'));
  await Promise.all(Object.values(container.databases).map((db) => db.dropDatabase()));
  await Promise.all([container.repos.feedback, container.repos.sources].map((r) => r.ensureIndexes()));

  // 1. End to end: enqueue every batch, let the workers drain the queue.
  if (process.env.BENCH_TRIAGE === '0') container.triage.listeners.length = 0;
  const workers = await startWorkers(container, classifier);
  const t0 = performance.now();
  for (let start = 0; start < TOTAL; start += BATCH * 20) {
    const jobs = [];
    for (let b = start; b < Math.min(TOTAL, start + BATCH * 20); b += BATCH) {
      const items = generate(Math.min(BATCH, TOTAL - b), b);
      const batchId = `bench-${b}`;
      jobs.push({ jobId: batchId, payload: { batchId, sourceId: 'bench', label: 'bench', kind: 'mention' as const, items } });
    }
    await container.queues.enqueueMany('classify-batch', jobs);
  }
  const enqueuedMs = performance.now() - t0;
  const jobs = Math.ceil(TOTAL / BATCH);
  for (;;) {
    const counts = await container.queues.byName.ingest.getJobCounts('completed', 'failed');
    if ((counts.failed ?? 0) > 0) throw new Error(`${counts.failed} ingest jobs failed`);
    if ((counts.completed ?? 0) >= jobs) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // Counted batches wait up to EARSHOT_COUNTER_FLUSH_MS in Redis: the run ends when the rollups have them all.
  await container.repos.counters.flush();
  const pipelineMs = performance.now() - t0;
  await workers.close();

  // 2. Ceiling: the same classified documents, raw insertMany into a fresh collection with the
  //    items collection's indexes (the same store work per document, none of the pipeline's).
  const raw = container.mongo.collection('bench_raw_insert');
  await raw.drop().catch(() => undefined);
  for (const index of await container.mongo.collection('feedback_items').indexes()) {
    if (index.name !== '_id_') await raw.createIndex(index.key, { unique: index.unique ?? false });
  }
  let insertMs = 0;
  for (let b = 0; b < TOTAL; b += BATCH) {
    const docs = buildItemDocs(classifier, { batchId: 'x', sourceId: 'bench', label: 'bench', kind: 'mention', items: generate(Math.min(BATCH, TOTAL - b), b) }, new Date());
    const s = performance.now();
    await raw.insertMany(docs, { ordered: false });
    insertMs += performance.now() - s;
  }

  const pipelineRate = TOTAL / (pipelineMs / 1000);
  const ceilingRate = TOTAL / (insertMs / 1000);
  console.log(JSON.stringify({ items: TOTAL, batchSize: BATCH, concurrency: config.queue.concurrency, enqueueSeconds: +(enqueuedMs / 1000).toFixed(2) }));
  const stored = await container.repos.feedback.count();
  if (stored !== TOTAL) throw new Error(`stored ${stored} items, expected ${TOTAL}`);
  console.log(`pipeline (queue → classify → bulk insert → counters): ${pipelineRate.toFixed(0)} items/s (${(pipelineMs / 1000).toFixed(1)} s)`);
  console.log(`ceiling (raw insertMany, same documents and indexes):  ${ceilingRate.toFixed(0)} items/s (${(insertMs / 1000).toFixed(1)} s)`);
  console.log(`ratio: ${((pipelineRate / ceilingRate) * 100).toFixed(1)} % of the ceiling (target ≥ 50 %)`);

  await Promise.all(Object.values(container.databases).map((db) => db.dropDatabase()));
  await Promise.all(Object.values(container.queues.byName).map((q) => q.obliterate({ force: true })));
  await deleteKeysWithPrefix(container.redis, config.queue.prefix);
  await container.close();
}

await main();
