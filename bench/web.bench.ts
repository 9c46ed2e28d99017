/**
 * npm run bench:web — loads the Buzz and Triage pages in Chromium against a large history and prints
 * the time from navigation to the page's data shown (p50/p95), each API request's time (which one is
 * slow, and when it ends after navigation), and the app's page weight (JS+CSS gzip).
 *
 *   BENCH_WEB_YEAR_ITEMS  items the synthetic year of rollups stands for (default 10,000,000, as bench:trends)
 *   BENCH_WEB_CASES       complaints pushed through the real ingest path, so the triage queue is full (default 2,000)
 *   BENCH_WEB_RUNS        loads of each page (default 20, after one warm-up)
 *   BENCH_WEB_KEEP=1      keep the history in earshot_bench_web_kept and reuse it on the next run
 *                         (writing a year of rollups takes minutes; drop that database when done)
 *
 * Otherwise uses its own databases (earshot_bench_web_<random>) and queue prefix, and drops them at the end.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { DEFAULTS } from '../config/defaults.ts';
import { loadConfig } from '../config/load-config.ts';
import { createApp } from '../src/api/app.ts';
import { WEB_DIST } from '../src/api/routes/web.routes.ts';
import { loadClassifier } from '../src/domain/classification/index.ts';
import { buildContainer, type Container } from '../src/app/compose.ts';
import { groupBy } from '../src/domain/group-by.ts';
import { createLogger } from '../src/infra/logger.ts';
import { mongoUriWithDatabase } from '../src/infra/mongo.ts';
import { deleteKeysWithPrefix } from '../src/infra/redis.ts';
import { launchChromium } from '../test/support/browser.ts';
import { startWorkers } from '../workers/start-workers.ts';
import { LABELS, writeSyntheticYear } from './synthetic-history.ts';

const YEAR_ITEMS = Number(process.env.BENCH_WEB_YEAR_ITEMS ?? 10_000_000);
const CASES = Number(process.env.BENCH_WEB_CASES ?? 2_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 20);
const KEEP = process.env.BENCH_WEB_KEEP === '1';
const KEY = 'bench_web_key_0123456789abcdef';
const COMPLAINTS = ['My order arrived cold, please refund me', 'The app charged me twice, I need my money back', 'Waited forty minutes and nobody helped, fix this', 'Delivery never came and support does not answer'];

interface RequestTiming {
  path: string;
  tookMs: number;
  endedMs: number;
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    EARSHOT_DEV_DEFAULTS: 'true',
    MONGODB_URI: mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_bench_web_${KEEP ? 'kept' : randomBytes(3).toString('hex')}`),
    EARSHOT_QUEUE_PREFIX: `bench-web-${KEEP ? 'kept' : randomBytes(3).toString('hex')}`,
    EARSHOT_LOG_LEVEL: 'warn',
    EARSHOT_API_KEYS: `${KEY}:admin`,
    EARSHOT_COUNTER_FLUSH_MS: '0',
  });
  const c = await buildContainer(config, createLogger('warn'));
  if (!c.mongo.db!.databaseName.startsWith('earshot_bench')) throw new Error(`refusing to use database ${c.mongo.db!.databaseName}`);
  const server = createApp(c).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const workers = await startWorkers(c, loadClassifier());
  try {
    if (!KEEP || (await c.triage.cases.stats()).total === 0) await seed(c, base);
    else console.log('reusing the kept history in earshot_bench_web_kept');
    await measure(base);
  } finally {
    await workers.close();
    await new Promise((r) => server.close(r));
    await Promise.all(Object.values(c.queues.byName).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    if (!KEEP) await Promise.all(Object.values(c.databases).map((db) => db.dropDatabase()));
    await deleteKeysWithPrefix(c.redis, config.queue.prefix);
    await c.close();
  }
}

async function seed(c: Container, base: string): Promise<void> {
  const history = await writeSyntheticYear(c, YEAR_ITEMS);

  console.log(`cases: ${CASES.toLocaleString()} complaints through the real ingest path …`);
  for (let b = 0; b < CASES; b += 1000) {
    const items = Array.from({ length: Math.min(1000, CASES - b) }, (_, k) => {
      const i = b + k;
      return { externalId: `bench-case-${i}`, text: `${COMPLAINTS[i % COMPLAINTS.length]} (order ${i})`, author: `customer${i % 700}`, publishedAt: new Date(history.end - (i % 96) * 3_600_000).toISOString() };
    });
    const res = await fetch(`${base}/v1/items`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ label: LABELS[0], kind: 'mention', items }) });
    if (res.status !== 202) throw new Error(`push failed: ${res.status} ${await res.text()}`);
  }
  for (;;) {
    const stats = (await (await fetch(`${base}/v1/cases/stats`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { total: number };
    if (stats.total >= CASES * 0.9) {
      console.log(`  ${stats.total.toLocaleString()} cases open`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function measure(base: string): Promise<void> {
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  await page.goto(base);
  await page.getByLabel('API key', { exact: true }).fill(KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  // Every API request of the measured runs: how long it took, and when it ended after the navigation began.
  let requests: RequestTiming[] | null = null;
  let navigatedAt = 0;
  page.on('requestfinished', (req) => {
    const url = new URL(req.url());
    if (!requests || !url.pathname.startsWith('/v1/')) return;
    const t = req.timing();
    requests.push({ path: url.pathname.replace(/\/[0-9a-f]{24}$/, '/:id'), tookMs: t.responseEnd, endedMs: t.startTime + t.responseEnd - navigatedAt });
  });

  console.log(`\ntime to data shown (navigation → figures and chart, or the ranked queue, on screen), ${RUNS} runs after one warm-up:`);
  const shown: Record<string, string> = { buzz: '[data-ready="buzz"]', triage: '[data-ready="triage"] [data-case-row]' };
  const perPage: Record<string, RequestTiming[]> = {};
  for (const [name, selector] of Object.entries(shown)) {
    const times: number[] = [];
    perPage[name] = [];
    for (let r = 0; r <= RUNS; r++) {
      await page.goto('about:blank');
      requests = r > 0 ? perPage[name] : null;
      const t = performance.now();
      navigatedAt = Date.now();
      await page.goto(`${base}/#/${name}`);
      await page.locator(selector).first().waitFor({ timeout: 60_000 });
      if (name === 'buzz') await page.locator('.chart canvas').first().waitFor();
      if (r > 0) times.push(performance.now() - t);
      // Let the page's other panels finish, so the next load does not queue behind this one's requests.
      await page.waitForLoadState('networkidle');
      requests = null;
    }
    console.log(`  ${name.padEnd(8)} p50 ${pct(times, 0.5).toFixed(0).padStart(5)} ms   p95 ${pct(times, 0.95).toFixed(0).padStart(5)} ms   (target p95 < 1000 ms)`);
  }
  await browser.close();

  console.log('\nAPI requests per page (took: the request itself; ended: after the navigation began), p50 / p95 in ms:');
  for (const [name, timings] of Object.entries(perPage)) {
    console.log(`  ${name}`);
    const byPath = groupBy(timings, (x) => x.path);
    const rows = [...byPath].sort(([, a], [, b]) => pct(a.map((x) => x.endedMs), 0.5) - pct(b.map((x) => x.endedMs), 0.5));
    for (const [path, xs] of rows) {
      const took = xs.map((x) => x.tookMs);
      const ended = xs.map((x) => x.endedMs);
      console.log(`    ${path.padEnd(28)} ×${String(xs.length).padStart(3)}   took ${pct(took, 0.5).toFixed(0).padStart(5)} / ${pct(took, 0.95).toFixed(0).padStart(5)}   ended ${pct(ended, 0.5).toFixed(0).padStart(5)} / ${pct(ended, 0.95).toFixed(0).padStart(5)}`);
    }
  }

  const js = readFileSync(`${WEB_DIST}assets/app.js`);
  const css = readFileSync(`${WEB_DIST}assets/app.css`);
  const gz = gzipSync(js).length + gzipSync(css).length;
  console.log(`\npage weight: JS ${(js.length / 1024).toFixed(1)} kB + CSS ${(css.length / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip (target < 300 kB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
