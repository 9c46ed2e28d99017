/**
 * npm run bench:trends — a year of synthetic history at the scale of 10 million items, written
 * straight into the rollups (and term rollups), then trend query latency (p50/p95) through the
 * real HTTP API, then ingest timed through the real path (queue → classify → upsert → counters).
 *
 *   BENCH_YEAR_ITEMS   items the synthetic year stands for (default 10,000,000)
 *   BENCH_INGEST_ITEMS items pushed through the real path, with authors (default 1,000,000)
 *   BENCH_COUNT_ITEMS  items counted by addItems alone, as ingestBatch calls it (default 50,000)
 *   BENCH_QUERY_RUNS   runs of each query (default 15)
 *
 * Uses its own databases (earshot_bench_trends_<random>, so runs never collide) and queue prefix, and
 * drops them at the end.
 */
import { mongoUriWithDatabase } from '../src/infra/mongo.ts';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DEFAULTS } from '../config/defaults.ts';
import { loadConfig } from '../config/load-config.ts';
import { createApp } from '../src/api/app.ts';
import { loadClassifier } from '../src/domain/classification/index.ts';
import { buildContainer } from '../src/app/compose.ts';
import { createLogger } from '../src/infra/logger.ts';
import { deleteKeysWithPrefix } from '../src/infra/redis.ts';
import type { QueuedItem } from '../src/queue/jobs.ts';
import { startWorkers } from '../workers/start-workers.ts';
import { DAY, SOURCES, VOCAB, writeSyntheticYear } from './synthetic-history.ts';

const YEAR_ITEMS = Number(process.env.BENCH_YEAR_ITEMS ?? 10_000_000);
const INGEST_ITEMS = Number(process.env.BENCH_INGEST_ITEMS ?? 1_000_000);
const COUNT_ITEMS = Number(process.env.BENCH_COUNT_ITEMS ?? 50_000);
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 15);

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    EARSHOT_DEV_DEFAULTS: 'true',
    MONGODB_URI: mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_bench_trends_${randomBytes(3).toString('hex')}`),
    EARSHOT_QUEUE_PREFIX: `bench-trends-${randomBytes(3).toString('hex')}`,
    EARSHOT_LOG_LEVEL: 'warn',
    EARSHOT_API_KEYS: 'bench_key_0123456789abcdef:admin',
  });
  const container = await buildContainer(config, createLogger('warn'));
  const c = container;
  const dbName = c.mongo.db!.databaseName;
  if (!dbName.startsWith('earshot_bench')) throw new Error(`refusing to use database ${dbName}`);
  await Promise.all(Object.values(c.databases).map((db) => db.dropDatabase()));
  // 1. A year of history straight into the rollups (see synthetic-history.ts).
  const { start, end } = await writeSyntheticYear(c, YEAR_ITEMS);

  // 2. Query latency through the real HTTP API.
  const server = createApp(c).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  const yearQ = `from=${iso(start)}&to=${iso(end)}`;
  const q30 = `from=${iso(end - 30 * DAY)}&to=${iso(end)}`;
  const q90 = `from=${iso(end - 90 * DAY)}&to=${iso(end)}`;
  const queries: Array<[string, string]> = [
    ['metrics day × 1 year', `/v1/trends/metrics?interval=day&${yearQ}`],
    ['metrics week × 1 year, label', `/v1/trends/metrics?interval=week&label=acme&${yearQ}`],
    ['buzz hour × 7 days', `/v1/trends/buzz?interval=hour&from=${iso(end - 7 * DAY)}&to=${iso(end)}`],
    ['satisfaction day × 90 days, source', `/v1/trends/satisfaction?interval=day&source=bench-src-3&${q90}`],
    ['breakdown by source × 30 days', `/v1/trends/breakdown?by=source&${q30}`],
    ['breakdown by label × 1 year', `/v1/trends/breakdown?by=label&interval=week&${yearQ}`],
    ['share of voice day × 90 days', `/v1/trends/share-of-voice?interval=day&${q90}`],
    ['aspects × 30 days', `/v1/trends/aspects?${q30}`],
    ['terms 7 days vs previous 7', `/v1/trends/terms?from=${iso(end - 7 * DAY)}&to=${iso(end)}`],
  ];
  const all: number[] = [];
  console.log(`\nquery latency over HTTP (${RUNS} runs each, after one warm-up):`);
  for (const [name, path] of queries) {
    const times: number[] = [];
    for (let r = 0; r <= RUNS; r++) {
      const t = performance.now();
      const res = await fetch(base + path, { headers: { authorization: 'Bearer bench_key_0123456789abcdef' } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      if (r > 0) times.push(performance.now() - t);
    }
    all.push(...times);
    console.log(`  ${name.padEnd(38)} p50 ${pct(times, 0.5).toFixed(0).padStart(5)} ms   p95 ${pct(times, 0.95).toFixed(0).padStart(5)} ms`);
  }
  console.log(`  ${'ALL QUERIES'.padEnd(38)} p50 ${pct(all, 0.5).toFixed(0).padStart(5)} ms   p95 ${pct(all, 0.95).toFixed(0).padStart(5)} ms   (target p95 < 200 ms)`);
  const td = performance.now();
  const detect = await c.analytics.alerts.detect(new Date(end - 3_600_000));
  console.log(`  spike detection (6 scopes × 3 series, 14-day baseline): ${(performance.now() - td).toFixed(0)} ms, ${detect.evaluated} series evaluated`);
  await new Promise((r) => server.close(r));

  // 3. Ingest through the real path, on top of the year of counters.
  const classifier = loadClassifier();
  const workers = await startWorkers(c, classifier);
  const OPEN = ['The staff were', 'Delivery was', 'My order arrived', 'Customer service was', 'The new app is', 'Checkout was'];
  const END = ['rude and slow, please refund me', 'amazing, I recommend it to everyone', 'late again, never again', 'fine, nothing special', 'broken, can you fix it?', 'better than expected'];
  const textOf = (i: number) => `${OPEN[i % OPEN.length]} ${END[Math.floor(i / OPEN.length) % END.length]} (${VOCAB[i % VOCAB.length]} #${i})`;
  const BATCH = 1000;
  /** Jobs kept queued ahead of the workers, so a million items never sit in Redis at once. */
  const AHEAD = 40;
  const ti = performance.now();
  const jobCount = Math.ceil(INGEST_ITEMS / BATCH);
  let enqueued = 0;
  for (;;) {
    const counts = await c.queues.byName.ingest.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    if (counts.failed) throw new Error(`${counts.failed} ingest batches failed`);
    if ((counts.completed ?? 0) >= jobCount) break;
    const queued = (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
    const jobs = [];
    for (; enqueued < jobCount && jobs.length < AHEAD - queued; enqueued++) {
      const b = enqueued * BATCH;
      const src = SOURCES[enqueued % SOURCES.length]!;
      const batchItems: QueuedItem[] = Array.from({ length: Math.min(BATCH, INGEST_ITEMS - b) }, (_, k) => ({
        externalId: `ing-${b + k}`,
        text: textOf(b + k),
        authorHash: ((b + k) % 50_000).toString(16).padStart(32, '0'),
        publishedAt: new Date(end - 1 - Math.floor(((b + k) / INGEST_ITEMS) * 7 * DAY)).toISOString(),
      }));
      jobs.push({ payload: { batchId: `bench-${b}`, sourceId: src.id, label: src.label, kind: src.kind, items: batchItems }, jobId: `bench-${b}` });
    }
    if (jobs.length) await c.queues.enqueueMany('classify-batch', jobs);
    if ((enqueued * BATCH) % 100_000 === 0 && jobs.length) process.stdout.write(`  ${(enqueued * BATCH).toLocaleString()} enqueued, ${((counts.completed ?? 0) * BATCH).toLocaleString()} stored\r`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // Counted batches wait up to EARSHOT_COUNTER_FLUSH_MS in Redis: the run ends when the rollups have them all.
  await c.repos.counters.flush();
  const secs = (performance.now() - ti) / 1000;
  const stored = await c.repos.feedback.count({});
  if (stored !== INGEST_ITEMS) throw new Error(`stored ${stored} items, expected ${INGEST_ITEMS}`);
  const rate = stored / secs;
  const week = await c.services.trends.metrics({ interval: 'day', from: new Date(end - 7 * DAY), to: new Date(end) });
  console.log(`\ningest through the real path (queue → classify → store → triage → counters), 1000-item batches, 50,000 authors:`);
  console.log(`  ${stored.toLocaleString()} items in ${(secs / 60).toFixed(1)} min = ${rate.toFixed(0)} items/s; the last 7 days' trends (history + these) now count ${week.totals.volume.toLocaleString()} items`);

  // 4. The counters' own share of ingestion: addItems exactly as ingestBatch calls it (op key, terms, samples).
  const textsClassified = new Map<number, ReturnType<typeof classifier.classify>>();
  const tc = performance.now();
  let counted = 0;
  for (let b = 0; b < COUNT_ITEMS; b += 500) {
    const src = SOURCES[(b / 500) % SOURCES.length]!;
    const batch = Array.from({ length: Math.min(500, COUNT_ITEMS - b) }, (_, k) => {
      const i = b + k;
      const key = i % 36;
      const classification = textsClassified.get(key) ?? textsClassified.set(key, classifier.classify({ text: textOf(key) })).get(key)!;
      return { _id: `${i.toString(16).padStart(24, '0')}`, sourceId: src.id, kind: src.kind, label: src.label, text: textOf(i), classification, publishedAt: new Date(end - (i % (7 * 24)) * 3_600_000) };
    });
    await c.repos.counters.addItems(batch, 1, { opKey: `bench-count-${b}`, terms: true });
    counted += batch.length;
  }
  await c.repos.counters.flush();
  const countSecs = (performance.now() - tc) / 1000;
  console.log(`counting alone (addItems, 500-item batches, op key + terms + samples): ${counted.toLocaleString()} items in ${countSecs.toFixed(1)} s = ${(counted / countSecs).toFixed(0)} items/s → 1M in ${(1_000_000 / (counted / countSecs) / 60).toFixed(1)} min`);

  await workers.close();
  await Promise.all(Object.values(c.queues.byName).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await Promise.all(Object.values(c.databases).map((db) => db.dropDatabase()));
  await deleteKeysWithPrefix(c.redis, config.queue.prefix);
  await c.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
