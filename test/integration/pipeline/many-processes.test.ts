/**
 * Three `earshot worker` and two `earshot api` child processes on one Redis and one store; several
 * clients push at once through both APIs while one worker is killed with SIGKILL and started again.
 * Then: stored = sent, no duplicates, the trend total = stored, one case per complaint.
 * SCALE_ITEMS sets the size (default 2,000; `npm run test:scale` sends 50,000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_KEY, eventually, startTestEnv, type TestEnv } from '../../support/test-env.ts';

const TOTAL = Number(process.env.SCALE_ITEMS ?? 2_000);
const CLIENTS = 4;
const PER_REQUEST = 250;
const DAY = '2026-11-20';

interface Child {
  process: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

describe('many processes, exact results', () => {
  let env: TestEnv;
  const children: Child[] = [];

  function start(command: 'worker' | 'api', readyMark: string): Promise<Child> {
    const proc = spawn(process.execPath, ['bin/earshot.js', command], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        REDIS_URL: env.config.redis.url,
        MONGODB_URI: env.config.mongo.uri,
        EARSHOT_QUEUE_PREFIX: env.config.queue.prefix,
        EARSHOT_API_KEYS: `${AGENT_KEY}:agent`,
        EARSHOT_API_PORT: '0',
        EARSHOT_LOG_LEVEL: 'info',
        EARSHOT_COUNTER_FLUSH_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child: Child = { process: proc, output: '', exited: new Promise((resolve) => proc.on('exit', resolve)) };
    proc.stdout!.on('data', (d) => (child.output = (child.output + d).slice(-20_000)));
    proc.stderr!.on('data', (d) => (child.output = (child.output + d).slice(-20_000)));
    children.push(child);
    return eventually(async () => child.output.includes(readyMark) && child, 60_000).catch((err: Error) => {
      throw new Error(`${command} did not start: ${err.message}; it said: ${child.output.slice(-2000)}`);
    });
  }

  beforeAll(async () => {
    env = await startTestEnv('many');
    await Promise.all([env.container.repos.feedback.ensureIndexes(), env.container.repos.sources.ensureIndexes()]);
  });
  afterAll(async () => {
    for (const c of children) c.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await env?.teardown();
  });

  it('stores, counts and opens cases exactly once while a worker is killed and restarted', { timeout: 600_000 }, async () => {
    const workers = await Promise.all([0, 1, 2].map(() => start('worker', 'worker_started')));
    const apis = await Promise.all([0, 1].map(() => start('api', 'api_listening')));
    const ports = apis.map((a) => Number(/"port":(\d+)/.exec(a.output)![1]));

    // Every third item a distinct instrumental complaint (a case each), the rest praise.
    const item = (i: number) => ({
      externalId: `m-${i}`,
      text: i % 3 === 0 ? `The staff were rude at visit ${i}, please refund my order ${i}` : `Lovely staff at visit ${i}, I recommend them`,
      rating: i % 3 === 0 ? 1 : 5,
      author: `customer-${i}`,
      publishedAt: `${DAY}T${String(i % 24).padStart(2, '0')}:00:00.000Z`,
    });
    const requests: number[][] = [];
    for (let s = 0; s < TOTAL; s += PER_REQUEST) requests.push(Array.from({ length: Math.min(PER_REQUEST, TOTAL - s) }, (_, k) => s + k));

    let next = 0;
    const client = async (c: number) => {
      while (next < requests.length) {
        const ids = requests[next++]!;
        const res = await fetch(`http://127.0.0.1:${ports[c % ports.length]}/v1/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${AGENT_KEY}` },
          body: JSON.stringify({ label: 'acme', kind: 'review', items: ids.map(item) }),
        });
        if (res.status !== 202) throw new Error(`push answered ${res.status}: ${await res.text()}`);
      }
    };
    const pushing = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    // Kill one worker once items are being stored, then start it again.
    await eventually(async () => (await env.container.repos.feedback.count()) > 0, 60_000, 20);
    workers[0]!.process.kill('SIGKILL');
    await workers[0]!.exited;
    await start('worker', 'worker_started');
    await pushing;

    // The killed worker's batch may be stored but not yet counted: it is counted when BullMQ hands
    // the stalled job to another worker (~30 s), so wait for every push's job to complete.
    await eventually(async () => {
      const counts = await env.container.queues.byName.ingest.getJobCounts('completed', 'failed');
      if (counts.failed) throw new Error(`${counts.failed} ingest jobs failed`);
      return counts.completed === requests.length;
    }, 300_000, 500);
    expect(await env.container.repos.feedback.count()).toBe(TOTAL);
    await env.container.repos.counters.flush();
    expect(await env.container.repos.feedback.count({ duplicateOf: { $ne: null } })).toBe(0);
    const totals = (await env.container.repos.trendReader.sumByBucket({ g: 'd', buckets: [DAY] })).get(DAY) ?? {};
    expect(totals.n).toBe(TOTAL);

    const complaints = await env.container.repos.feedback.count({ 'classification.category': 'complaint' });
    const cases = env.container.databases.cases.collection('cases');
    expect(complaints).toBeGreaterThan(TOTAL / 4);
    expect(await cases.countDocuments()).toBe(complaints);
    const perItem = await cases.aggregate([{ $group: { _id: '$itemId', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }]).toArray();
    expect(perItem).toEqual([]);
  });
});
