/**
 * npm run bench:scale — the same items through 1, 2 and 4 worker processes (`earshot worker`
 * child processes on one Redis and one store) and prints, per run, items/s and the workers' CPU
 * seconds per 1,000 items (user + system, read from /proc between "worker_started" and the end, so
 * start-up is left out; the store's and Redis's own CPU are not in it). Each run has its own
 * database and queue prefix and drops them after. BENCH_ITEMS (default 20000) sets the size of each
 * run; BENCH_WORKERS (default 1,2,4) the process counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/load-config.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { buildContainer, type Container } from '../src/app/compose.ts';
import { createLogger } from '../src/infra/logger.ts';
import { mongoUriWithDatabase } from '../src/infra/mongo.ts';
import { deleteKeysWithPrefix } from '../src/infra/redis.ts';
import { generateItems } from './bench-items.ts';

const TOTAL = Number(process.env.BENCH_ITEMS ?? 20_000);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const BATCH = 500;
const BENCH_START = Date.now();
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** User + system CPU seconds a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/earshot.js', 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in 60 s: ${output.slice(-2000)}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('worker_started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it started: ${output.slice(-2000)}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return { child, exited };
}

async function waitForIngest(container: Container, jobs: number): Promise<void> {
  for (;;) {
    const counts = await container.queues.byName.ingest.getJobCounts('completed', 'failed');
    if ((counts.failed ?? 0) > 0) throw new Error(`${counts.failed} ingest jobs failed`);
    if ((counts.completed ?? 0) >= jobs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function run(workers: number): Promise<{ workers: number; itemsPerSecond: number; cpuPer1000: number; seconds: number }> {
  const suffix = randomBytes(3).toString('hex');
  const env = {
    NODE_ENV: 'test',
    EARSHOT_DEV_DEFAULTS: 'true',
    REDIS_URL: process.env.REDIS_URL ?? DEFAULTS.redisUrl,
    MONGODB_URI: mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_bench_scale_${suffix}`),
    EARSHOT_QUEUE_PREFIX: `bench-scale-${suffix}`,
    EARSHOT_LOG_LEVEL: 'info',
  };
  const config = loadConfig({ ...process.env, ...env, EARSHOT_LOG_LEVEL: 'error' });
  const container = await buildContainer(config, createLogger('error'));
  const children: WorkerProcess[] = [];
  try {
    await Promise.all([container.repos.feedback, container.repos.sources].map((r) => r.ensureIndexes()));
    for (let i = 0; i < workers; i++) children.push(await startWorker(env));
    const cpuBefore = children.map((w) => cpuSeconds(w.child.pid!));

    const t0 = performance.now();
    const jobs = [];
    for (let b = 0; b < TOTAL; b += BATCH) {
      const items = generateItems(Math.min(BATCH, TOTAL - b), b, { total: TOTAL, benchStart: BENCH_START, withAuthors: true });
      jobs.push({ jobId: `scale-${b}`, payload: { batchId: `scale-${b}`, sourceId: 'bench', label: 'bench', kind: 'mention' as const, items } });
    }
    await container.queues.enqueueMany('classify-batch', jobs);
    await waitForIngest(container, jobs.length);
    await container.repos.counters.flush();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = children.reduce((sum, w, i) => sum + cpuSeconds(w.child.pid!) - cpuBefore[i]!, 0);

    const stored = await container.repos.feedback.count();
    if (stored !== TOTAL) throw new Error(`stored ${stored} items, expected ${TOTAL}`);
    return { workers, itemsPerSecond: TOTAL / seconds, cpuPer1000: (cpu / TOTAL) * 1000, seconds };
  } finally {
    for (const w of children) w.child.kill('SIGTERM');
    await Promise.all(children.map((w) => w.exited));
    await Promise.all(Object.values(container.databases).map((db) => db.dropDatabase()));
    await Promise.all(Object.values(container.queues.byName).map((q) => q.obliterate({ force: true })));
    await deleteKeysWithPrefix(container.redis, config.queue.prefix);
    await container.close();
  }
}

console.log(`bench:scale — ${TOTAL} items per run, batches of ${BATCH}, worker processes: ${WORKER_COUNTS.join(', ')}`);
console.log('workers | items/s | worker CPU s / 1,000 items | wall s');
for (const n of WORKER_COUNTS) {
  const r = await run(n);
  console.log(`${String(r.workers).padStart(7)} | ${r.itemsPerSecond.toFixed(0).padStart(7)} | ${r.cpuPer1000.toFixed(2).padStart(26)} | ${r.seconds.toFixed(1).padStart(6)}`);
}
