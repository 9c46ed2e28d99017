/** Builds the shared dependencies of an entry point from validated config, and closes them in order. */
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/load-config.ts';
import { FeedbackRepository } from '../domain/feedback/feedback.repository.ts';
import { SourceRepository } from '../domain/sources/source.repository.ts';
import { SourceScheduler } from '../domain/sources/source-scheduler.ts';
import { TrendCounterRepository } from '../domain/trends/trend-counter.repository.ts';
import { TrendsService } from '../domain/trends/trends.service.ts';
import { createTriage, type Triage } from '../domain/cases/triage.ts';
import { createAnalytics, type Analytics } from '../domain/alerts/analytics.ts';
import { Queues } from '../queue/queues.ts';
import { createHttpClient, type HttpClient } from './http/http-client.ts';
import { RedisRateLimiter } from './http/rate-limiter.ts';
import { createLogger, type Logger } from './logger.ts';
import { Metrics } from './metrics.ts';
import { connectMongo, databasesOf, type Databases } from './mongo.ts';
import { createRedisMutex } from './redis-lock.ts';
import { createRedis, waitForRedis } from './redis.ts';
import { createRedisOutageLog, type RedisOutageLog } from './redis-outage.ts';

export interface Container {
  config: Config;
  logger: Logger;
  mongo: Connection;
  /** `mongo` and its sibling databases (see mongo.ts for why). */
  databases: Databases;
  redis: Redis;
  /** Reports a Redis outage once when it starts and once when it ends; workers watch their connections with it too. */
  redisOutage: RedisOutageLog;
  queues: Queues;
  metrics: Metrics;
  http: HttpClient;
  repos: { feedback: FeedbackRepository; sources: SourceRepository; counters: TrendCounterRepository };
  services: { trends: TrendsService; scheduler: SourceScheduler };
  /** Customers, cases, corrections and recovery (issue 5). */
  triage: Triage;
  /** Spike alerts and weekly digests (issue 6). */
  analytics: Analytics;
  close(): Promise<void>;
}

export async function buildContainer(config: Config, logger: Logger = createLogger(config.log.level)): Promise<Container> {
  const redis = createRedis(config.redis.url, 'producer');
  const redisOutage = createRedisOutageLog(logger);
  redisOutage.watch(redis, 'producer');
  await waitForRedis(redis);
  const mongo = await connectMongo(config.mongo.uri);
  const databases = databasesOf(mongo);
  const queues = new Queues(redis, config.queue);
  const metrics = new Metrics({ defaultMetrics: config.env !== 'test' });
  metrics.watchQueues(queues.byName);
  const repos = {
    feedback: new FeedbackRepository(mongo, { redis, prefix: config.queue.prefix, windowDays: config.sources.duplicateWindowDays }),
    sources: new SourceRepository(mongo, { redis, prefix: config.queue.prefix }),
    counters: new TrendCounterRepository(databases.trends, {
      redis,
      prefix: config.queue.prefix,
      flushLock: createRedisMutex(redis, `${config.queue.prefix}:lock:trend-counters`, { leaseMs: 120_000, waitMs: 180_000 }),
      flushMs: config.trends.counterFlushMs,
      onFlushed: (startedAt) => metrics.flushed(startedAt),
      onFlushError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'counter_flush_failed'),
    }),
  };
  await Promise.all(Object.values(repos).map((r) => r.ensureIndexes()));
  const triage = createTriage(databases, redis, config, repos.counters);
  await triage.ensureIndexes();
  const trends = new TrendsService(repos.counters, { brandTerms: config.trends.brandTerms });
  const analytics = createAnalytics(mongo, config, {
    counters: repos.counters,
    trends,
    recovery: async (from, to) => triage.recovery.report(from, to),
  });
  await analytics.ensureIndexes();
  let closed = false;
  return {
    config,
    logger,
    mongo,
    databases,
    redis,
    redisOutage,
    queues,
    metrics,
    http: createHttpClient({
      ...config.sources.http,
      allowPrivate: config.sources.allowPrivate,
      limiter: new RedisRateLimiter(redis, `${config.queue.prefix}:ratelimit`),
    }),
    repos,
    services: { trends, scheduler: new SourceScheduler(queues.byName.poll) },
    triage,
    analytics,
    async close() {
      if (closed) return;
      closed = true;
      await repos.counters.close().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'counter_flush_failed'));
      await queues.close();
      await mongo.close();
      redis.disconnect();
    },
  };
}
