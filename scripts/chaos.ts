/**
 * `npm run chaos`: the fault list against a Redis and a FerretDB of its own (loopback ports
 * CHAOS_REDIS_PORT / CHAOS_MONGO_PORT, data in a temp dir, all removed at the end), an API and two
 * workers as real processes. Each scenario sends CHAOS_ITEMS items through `POST /v1/items` in
 * batches, injects its fault, then behaves as a client should: re-sends every batch (re-sending is
 * safe) and retries the failed set. It prints sent / stored / duplicated / counted per scenario:
 * every item stored once and counted once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { Connection } from 'mongoose';
import { connectMongo } from '../src/infra/mongo.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const REDIS_PORT = Number(process.env.CHAOS_REDIS_PORT ?? 6401);
const MONGO_PORT = Number(process.env.CHAOS_MONGO_PORT ?? 27041);
const API_PORT = Number(process.env.CHAOS_API_PORT ?? 18461);
const ITEMS = Number(process.env.CHAOS_ITEMS ?? 2000);
const BATCH = 250;
/** Faults strike halfway through the sending. */
const MIDWAY = Math.max(1, Math.floor(Math.ceil(ITEMS / BATCH) / 2));
const KEY = 'chaos_admin_key_0123456789';
const FERRETDB = join(ROOT, '.cache/bin/ferretdb-v1.24.2');
const DB = 'earshot_chaos';
const DAY = '2026-06-01';
const dir = mkdtempSync(join(tmpdir(), 'earshot-chaos-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = {
  ...process.env,
  NODE_ENV: 'test',
  REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
  MONGODB_URI: `mongodb://127.0.0.1:${MONGO_PORT}/${DB}`,
  EARSHOT_API_HOST: '127.0.0.1',
  EARSHOT_API_PORT: String(API_PORT),
  EARSHOT_API_KEYS: KEY,
  // Its own throwaway services: the public development secrets are fine here.
  EARSHOT_DEV_DEFAULTS: 'true',
  // Two workers on one host: any free port for each one's health endpoint; no rate limit on the resends.
  EARSHOT_WORKER_HEALTH_PORT: '0',
  EARSHOT_RATE_LIMIT_PER_MIN: '0',
  EARSHOT_LOG_LEVEL: 'warn',
  EARSHOT_COUNTER_FLUSH_MS: '500',
  // A short retry window (about 3 s), so "a store restart longer than the retries" stays quick.
  EARSHOT_JOB_ATTEMPTS: '4',
  EARSHOT_JOB_BACKOFF_MS: '500',
  EARSHOT_JOB_MAX_BACKOFF_MS: '1000',
};

function start(name: string, cmd: string, args: string[]): ChildProcess {
  const log = openSync(join(dir, `${name}.log`), 'a');
  return spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', log, log] });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | false | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`chaos: ${what} not reached within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

const startRedis = () =>
  start('redis', 'redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction']);
const startStore = () =>
  start('ferretdb', FERRETDB, ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--listen-addr=127.0.0.1:${MONGO_PORT}`, '--state-dir=-', '--debug-addr=-', '--telemetry=disable', '--log-level=error']);
const startApi = () => start('api', 'node', ['bin/earshot.js', 'api']);
const startWorker = (n: number) => start(`worker-${n}`, 'node', ['bin/earshot.js', 'worker']);

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${API_PORT}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const WORDS = ['parcel', 'refund', 'courier', 'checkout', 'support', 'invoice', 'screen', 'battery', 'manager', 'voucher'];
function body(label: string, from: number, to: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  return {
    label,
    kind: 'review',
    items: Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      const words = String(i).split('').map((d) => WORDS[Number(d)]).join(' ');
      return { externalId: `${label}-${i}`, text: `Order ${words} of ${label}: the delivery was late and nobody answered`, publishedAt: `${DAY}T${String(i % 24).padStart(2, '0')}:00:00Z`, reach: i % 100, ...extra(i) };
    }),
  };
}

/** Sends one batch, retrying while the service is away; returns the ids the API accepted. */
async function send(b: ReturnType<typeof body>): Promise<string[]> {
  return until('a batch accepted', async () => {
    const res = await api('POST', '/v1/items', b);
    // 207: some items refused (named per item), the rest accepted; 400: none accepted.
    return res.status === 202 || res.status === 207 || res.status === 400 ? ((res.body.accepted ?? []) as string[]) : null;
  });
}

async function sendAll(label: string, during?: { at: number; fault: () => Promise<void> }, extra?: (i: number) => Record<string, unknown>): Promise<Set<string>> {
  const accepted = new Set<string>();
  for (let from = 0, n = 0; from < ITEMS; from += BATCH, n++) {
    if (during && n === during.at) await during.fault();
    for (const id of await send(body(label, from, Math.min(ITEMS, from + BATCH), extra))) accepted.add(id);
  }
  return accepted;
}

async function drained(): Promise<boolean> {
  const { body: b } = await api('GET', '/v1/admin/queues');
  const q = b.queues.ingest;
  return q.waiting + q.active + q.delayed + q.prioritized === 0;
}

async function measure(mongo: Connection, label: string, sent: number) {
  const items = mongo.collection('feedback_items');
  const counted = async () => {
    const { body: b } = await api('GET', `/v1/trends/buzz?interval=day&from=${DAY}T00:00:00Z&to=2026-06-02T00:00:00Z&label=${label}`);
    return (b.buckets as Array<{ volume: number }>).reduce((a, x) => a + x.volume, 0);
  };
  // Counts reach the rollups one flush after the last batch: wait until they stop moving.
  await until('the queue drained', drained);
  let last = -1;
  let now = await counted();
  for (let i = 0; i < 60 && (now !== last || now < sent); i++) {
    await sleep(500);
    last = now;
    now = await counted();
  }
  const docs = await items.countDocuments({ label });
  const distinct = new Set((await items.find({ label }, { projection: { externalId: 1 } }).toArray()).map((d) => d.externalId)).size;
  return { sent, stored: distinct, duplicated: docs - distinct, counted: now };
}

/** Some items with a `$` or dotted meta key or a reach of 1e308: refused with a 400 naming them, the rest accepted. */
const badInput = (i: number): Record<string, unknown> => (i % 97 === 0 ? { meta: { $where: 'x' } } : i % 89 === 0 ? { reach: 1e308 } : i % 83 === 0 ? { meta: { 'a.b': 'x' } } : {});

async function main() {
  const procs = new Map<string, ChildProcess>();
  const run = (name: string, p: ChildProcess) => procs.set(name, p);
  const kill = async (name: string, signal: NodeJS.Signals) => {
    const p = procs.get(name)!;
    if (p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      await exited;
    }
    procs.delete(name);
  };
  const rows: Array<{ scenario: string; sent: number; stored: number; duplicated: number; counted: number }> = [];
  let workerNo = 2;
  const freshWorker = (name: string) => run(name, startWorker(++workerNo));
  const resendAndRetry = async (label: string, extra?: (i: number) => Record<string, unknown>) => {
    await api('POST', '/v1/admin/failed/retry', {});
    return sendAll(label, undefined, extra);
  };

  const scenarios: Array<{ name: string; label: string; run: (label: string) => Promise<Set<string>>; extra?: (i: number) => Record<string, unknown> }> = [
    {
      name: 'worker kill -9',
      label: 'killworker',
      run: (label) => sendAll(label, { at: MIDWAY, fault: async () => { await kill('w1', 'SIGKILL'); freshWorker('w1'); } }),
    },
    {
      name: 'Redis kill -9 + restart',
      label: 'killredis',
      run: (label) =>
        sendAll(label, {
          at: MIDWAY,
          fault: async () => {
            await kill('redis', 'SIGKILL');
            await sleep(1000);
            run('redis', startRedis());
            await until('redis back', () => portOpen(REDIS_PORT), 30_000);
          },
        }),
    },
    {
      name: 'Redis FLUSHALL',
      label: 'flushall',
      run: (label) =>
        sendAll(label, {
          at: MIDWAY,
          fault: async () => {
            await sleep(1500); // some batches counted and flushed, some in flight
            const cli = spawn('redis-cli', ['-p', String(REDIS_PORT), 'FLUSHALL'], { stdio: 'ignore' });
            await new Promise((r) => cli.once('exit', r));
          },
        }),
    },
    {
      name: 'store down longer than retries',
      label: 'storedown',
      run: async (label) => {
        await kill('store', 'SIGKILL');
        const accepted = await sendAll(label);
        // Every batch runs out of attempts meanwhile: the failed set holds them, with an alert each.
        await until('batches in the failed set', async () => (await api('GET', '/v1/admin/failed')).body.jobs.length > 0, 60_000);
        await sleep(4000);
        run('store', startStore());
        await until('the store back', () => portOpen(MONGO_PORT), 30_000);
        return accepted;
      },
    },
    {
      name: 'SIGTERM mid-batch',
      label: 'sigterm',
      run: (label) => sendAll(label, { at: MIDWAY, fault: async () => { await kill('w2', 'SIGTERM'); freshWorker('w2'); } }),
    },
    {
      name: 'bad-meta and huge-reach items',
      label: 'badinput',
      extra: badInput,
      run: (label) => sendAll(label, undefined, badInput),
    },
  ];

  let mongo: Connection | undefined;
  try {
    run('redis', startRedis());
    run('store', startStore());
    await until('redis and the store', async () => (await portOpen(REDIS_PORT)) && (await portOpen(MONGO_PORT)), 30_000);
    run('api', startApi());
    run('w1', startWorker(1));
    run('w2', startWorker(2));
    await until('the API', async () => (await api('GET', '/v1/admin/queues')).status === 200, 60_000);
    mongo = await connectMongo(env.MONGODB_URI);
    for (const s of scenarios) {
      const started = Date.now();
      const accepted = await s.run(s.label);
      // What any client does after a fault: send everything again, and retry the failed set.
      for (const id of await resendAndRetry(s.label, s.extra)) accepted.add(id);
      const row = { scenario: s.name, ...(await measure(mongo, s.label, accepted.size)) };
      rows.push(row);
      process.stderr.write(`chaos: ${s.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  } finally {
    await mongo?.close().catch(() => undefined);
    for (const name of [...procs.keys()]) await kill(name, 'SIGKILL').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  const ok = (r: (typeof rows)[number]) => r.sent === r.stored && r.stored === r.counted && r.duplicated === 0;
  console.log(`\n| scenario | sent | stored | duplicated | counted | |\n| --- | ---: | ---: | ---: | ---: | --- |`);
  for (const r of rows) console.log(`| ${r.scenario} | ${r.sent} | ${r.stored} | ${r.duplicated} | ${r.counted} | ${ok(r) ? 'ok' : 'MISMATCH'} |`);
  process.exitCode = rows.every(ok) && rows.length === scenarios.length ? 0 : 1;
}

await main();
