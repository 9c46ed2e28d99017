/**
 * `npm run demo`: the API (and the web app at `/`), the workers and a local sample feed server in
 * one process, on the local services that scripts/services.sh started (or REDIS_URL / MONGODB_URI
 * when set). Eight weeks of history are seeded through the API before the Dashboard line is printed.
 */
import type { CliCommand } from './cli-command.ts';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config.ts';
import { createApp } from '../api/app.ts';
import { loadClassifier, MODEL_PATHS } from '../domain/classification/index.ts';
import { buildContainer } from '../app/compose.ts';
import { registerDemoSources } from '../demo/demo-sources.ts';
import { startSampleFeedServer } from '../demo/sample-feed-server.ts';
import { seedHistory } from '../demo/seed-history.ts';
import { startWorkers } from '../../workers/start-workers.ts';
import { startAnalyticsSchedules } from '../domain/alerts/analytics-schedules.ts';
import { importCustomersCsv } from './import-customers.command.ts';
import { onShutdown } from './shutdown.ts';

const DEMO_FEED_PORT = Number(process.env.EARSHOT_DEMO_FEED_PORT ?? 8091);

export async function demoCommand(): Promise<number> {
  const started = Date.now();
  const generatedKey = process.env.EARSHOT_API_KEYS ? undefined : `demo_${randomBytes(18).toString('base64url')}`;
  const config = loadConfig({
    ...process.env,
    EARSHOT_ALLOW_PRIVATE_SOURCES: 'true',
    EARSHOT_DEV_DEFAULTS: process.env.EARSHOT_DEV_DEFAULTS ?? 'true',
    EARSHOT_LOG_LEVEL: process.env.EARSHOT_LOG_LEVEL ?? 'warn',
    ...(generatedKey ? { EARSHOT_API_KEYS: `${generatedKey}:admin` } : {}),
  });
  // Seeding needs a key that may push items: the generated one, or the first agent/admin key configured.
  const seedKey = generatedKey ?? config.api.keys.find((k) => k.role !== 'viewer')?.key;
  if (!seedKey) throw new Error('EARSHOT_API_KEYS: the demo needs an agent or admin key to seed its history');
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const progress = (line: string) => process.stdout.write(`  [${elapsed()}] ${line}\n`);

  const classifier = loadClassifier(MODEL_PATHS[config.classifier.model], { scoredLanguages: config.classifier.scoredLanguages });
  const container = await buildContainer(config);
  const workers = await startWorkers(container, classifier);
  await startAnalyticsSchedules(container.queues.byName.analytics, config);
  const feeds = await startSampleFeedServer({ port: DEMO_FEED_PORT }).catch(() => startSampleFeedServer());
  const server = createApp(container).listen(config.api.port, config.api.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const api = `http://${config.api.host}:${port}`;
  const stopped = onShutdown(async () => {
    await new Promise((resolve) => server.close(resolve));
    await workers.close();
    await feeds.close();
    await container.close();
  });

  process.stdout.write(`\nEarshot demo starting: API on ${api}, preparing eight weeks of sample data\n`);
  // Sample customers first, so complaint cases open with their tiers (MVC, core, at-risk).
  progress('importing the sample customers and registering the demo sources');
  await importCustomersCsv(container, await readFile(new URL('../demo/sample-customers.csv', import.meta.url), 'utf8'));
  const sourceIds = await registerDemoSources(container, feeds.url);
  const seeding = seedHistory({ container, api, key: seedKey, sourceIds }, new Date(), progress);
  const seeded = await Promise.race([seeding, stopped.then(() => null)]);
  if (!seeded) {
    // Ctrl-C while seeding: the connections are closed under it, so its failure is expected.
    seeding.catch(() => undefined);
    return 0;
  }
  progress(`done: ${seeded.casesWorked} case steps replayed, ${seeded.alerts} spike alerts raised, digests of ${seeded.digestWeeks.join(' and ')} stored`);

  const key = generatedKey ?? '<one of EARSHOT_API_KEYS>';
  process.stdout.write(
    [
      '',
      `Earshot demo is ready (${elapsed()}; ${seeded.history.items.length} items of history since ${seeded.history.from.toISOString().slice(0, 10)}, ${seeded.pushed} of them new, plus live feeds)`,
      `Dashboard: ${api}/  (sign in with the API key below)`,
      `  API key:   ${key}`,
      `  Spike:     ${seeded.history.spike.from.toISOString().slice(0, 16)}Z, ${seeded.history.spike.cause}`,
      `  Feeds:     ${feeds.url}/reviews.rss, ${feeds.url}/mentions/acme.json, ${feeds.url}/mentions/rival.json,`,
      `             ${feeds.url}/api/v1/timelines/tag/acmecoffee (Mastodon), ${feeds.url}/api/v1/search_by_date (Hacker News)`,
      '',
      'Try:',
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/trends/buzz?interval=week"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/digests/${seeded.digestWeeks[1]}"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/recovery"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/cases?limit=5"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/alerts"`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  await stopped;
  return 0;
}

export const command: CliCommand = {
  usage: `usage: earshot demo

Starts everything on the local Redis and FerretDB (npm run demo starts those first): workers, the API,
sample feeds and customers. Prints the API address and a fresh admin key. Ctrl-C stops everything.
`,
  run: () => demoCommand(),
};
