/**
 * `npm run demo`: the API, the workers and a local sample feed server in one process, on the
 * local services that scripts/services.sh started (or REDIS_URL / MONGODB_URI when set).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config.ts';
import { createApp } from '../api/app.ts';
import { loadClassifier, MODEL_PATHS } from '../domain/classification/index.ts';
import type { CreateSourceInput } from '../domain/sources/source.schemas.ts';
import { buildContainer, type Container } from '../infra/container.ts';
import { startSampleFeedServer } from '../demo/sample-feed-server.ts';
import { startWorkers } from '../../workers/start-workers.ts';
import { startAnalyticsSchedules } from '../domain/alerts/analytics-schedules.ts';
import { importCustomersCsv } from './import-customers.command.ts';
import { onShutdown } from './shutdown.ts';

const DEMO_FEED_PORT = Number(process.env.EARSHOT_DEMO_FEED_PORT ?? 8091);

type DemoSource = Omit<CreateSourceInput, 'include' | 'exclude'> & { include?: string[]; exclude?: string[] };

/** Four source types: RSS reviews, JSON mentions, a Mastodon hashtag timeline and Hacker News search. */
function demoSources(feedUrl: string): DemoSource[] {
  const mentionSettings = {
    itemsPath: 'data',
    html: true,
    fields: { id: 'id', text: 'content', publishedAt: 'created_at', author: 'account.acct', url: 'url', reach: 'favourites_count' },
  };
  return [
    { type: 'rss', name: 'Acme reviews (RSS)', url: `${feedUrl}/reviews.rss`, kind: 'review', label: 'acme', pollIntervalSec: 15, enabled: true, settings: {} },
    { type: 'json', name: 'Acme mentions (JSON)', url: `${feedUrl}/mentions/acme.json`, kind: 'mention', label: 'acme', pollIntervalSec: 15, enabled: true, settings: mentionSettings },
    { type: 'json', name: 'RivalRoast mentions (JSON)', url: `${feedUrl}/mentions/rival.json`, kind: 'mention', label: 'rival-roast', pollIntervalSec: 30, enabled: true, settings: mentionSettings },
    { type: 'mastodon', name: 'Acme on Mastodon (#acmecoffee)', url: feedUrl, kind: 'mention', label: 'acme', pollIntervalSec: 20, enabled: true, settings: { hashtag: 'acmecoffee', limit: 5 } },
    // "hiring" posts are about Acme, not feedback: the exclude list drops them before classification.
    { type: 'hackernews', name: 'Acme on Hacker News', url: feedUrl, kind: 'mention', label: 'acme', pollIntervalSec: 30, enabled: true, settings: { query: 'acme coffee', tags: 'comment' }, exclude: ['hiring'] },
  ];
}

/** Registers the demo feeds once: a source with the same URL is reused, so re-runs add no duplicates. */
async function registerSources(c: Container, feedUrl: string): Promise<string[]> {
  const existing = await c.repos.sources.list();
  const ids: string[] = [];
  for (const def of demoSources(feedUrl)) {
    const found = existing.find((s) => s.url === def.url && s.type === def.type);
    const source = found
      ? await c.repos.sources.update(String(found._id), { enabled: true, pollIntervalSec: def.pollIntervalSec, settings: def.settings, include: def.include ?? [], exclude: def.exclude ?? [] })
      : await c.repos.sources.create({ ...def, name: def.name ?? def.label });
    if (!source) continue;
    await c.services.scheduler.sync(source);
    await c.services.scheduler.pollNow(String(source._id));
    ids.push(String(source._id));
  }
  return ids;
}

async function waitForTrends(c: Container, deadlineMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const buckets = await c.services.trends.buzz({ interval: 'day', from: new Date(Date.now() - 7 * 86_400_000), to: new Date(Date.now() + 3_600_000) });
    const total = buckets.reduce((sum, b) => sum + b.total, 0);
    if (total > 0 || Date.now() - started > deadlineMs) return total;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function demoCommand(): Promise<number> {
  const started = Date.now();
  const apiKey = process.env.EARSHOT_API_KEYS ? undefined : `demo_${randomBytes(18).toString('base64url')}`;
  const config = loadConfig({
    ...process.env,
    EARSHOT_ALLOW_PRIVATE_SOURCES: 'true',
    EARSHOT_LOG_LEVEL: process.env.EARSHOT_LOG_LEVEL ?? 'warn',
    ...(apiKey ? { EARSHOT_API_KEYS: `${apiKey}:admin` } : {}),
  });
  const classifier = loadClassifier(MODEL_PATHS[config.classifier.model]);
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

  // Sample customers first, so complaint cases open with their tiers (MVC, core, at-risk).
  await importCustomersCsv(container, await readFile(new URL('../demo/sample-customers.csv', import.meta.url), 'utf8'));
  await registerSources(container, feeds.url);
  const total = await waitForTrends(container, 25_000);
  const key = apiKey ?? '<one of EARSHOT_API_KEYS>';
  process.stdout.write(
    [
      '',
      `Earshot demo is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s, ${total} items in the last 7 days)`,
      `  API:       ${api}`,
      `  API key:   ${key}`,
      `  Feeds:     ${feeds.url}/reviews.rss, ${feeds.url}/mentions/acme.json, ${feeds.url}/mentions/rival.json,`,
      `             ${feeds.url}/api/v1/timelines/tag/acmecoffee (Mastodon), ${feeds.url}/api/v1/search_by_date (Hacker News)`,
      '',
      'Try:',
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/trends/buzz?interval=day"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/trends/satisfaction?interval=day"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/items?category=complaint&limit=5"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/sources"`,
      `  curl -s -H "Authorization: Bearer ${key}" "${api}/v1/cases?limit=5"`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  await onShutdown(async () => {
    await new Promise((resolve) => server.close(resolve));
    await workers.close();
    await feeds.close();
    await container.close();
  });
  return 0;
}
