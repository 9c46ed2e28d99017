/**
 * Real services for integration tests: each test file gets its own database and queue prefix,
 * so files run in parallel and clean up only what they made.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULTS } from '../../config/defaults.ts';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { loadClassifier } from '../../src/domain/classification/index.ts';
import type { Classifier } from '../../src/domain/classification/classification.types.ts';
import { buildContainer, type Container } from '../../src/app/compose.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { dropTestDatabases, mongoUriWithDatabase } from '../../src/infra/mongo.ts';
import { deleteKeysWithPrefix } from '../../src/infra/redis.ts';

export const ADMIN_KEY = 'test_admin_key_0123456789';
export const AGENT_KEY = 'test_agent_key_0123456789';
export const VIEWER_KEY = 'test_viewer_key_0123456789';

let sharedClassifier: Classifier | undefined;
/** The committed model, loaded once per test process. */
export function testClassifier(): Classifier {
  sharedClassifier ??= loadClassifier();
  return sharedClassifier;
}

export function testConfig(name: string, env: Record<string, string> = {}): Config {
  const suffix = randomBytes(4).toString('hex');
  return loadConfig({
    NODE_ENV: 'test',
    EARSHOT_DEV_DEFAULTS: 'true',
    REDIS_URL: process.env.REDIS_URL ?? DEFAULTS.redisUrl,
    // npm run test:cluster sets it: the same tests against a Redis Cluster.
    EARSHOT_REDIS_CLUSTER_NODES: process.env.EARSHOT_REDIS_CLUSTER_NODES ?? '',
    MONGODB_URI: mongoUriWithDatabase(process.env.MONGODB_URI ?? DEFAULTS.mongodbUri, `earshot_test_${name}_${suffix}`),
    EARSHOT_QUEUE_PREFIX: `test-${name}-${suffix}`,
    EARSHOT_API_KEYS: `${ADMIN_KEY}:admin,${AGENT_KEY}:agent,${VIEWER_KEY}:viewer`,
    EARSHOT_ALLOW_PRIVATE_SOURCES: 'true',
    EARSHOT_LOG_LEVEL: process.env.EARSHOT_TEST_LOG_LEVEL ?? 'silent',
    EARSHOT_JOB_BACKOFF_MS: '50',
    EARSHOT_JOB_ATTEMPTS: '3',
    // Counted batches reach the rollups before the counting call returns (the deferred flush has its own tests).
    EARSHOT_COUNTER_FLUSH_MS: '0',
    // Far above what any test sends; the rate limit has its own test.
    EARSHOT_RATE_LIMIT_PER_MIN: '1000000',
    ...env,
  });
}

export interface TestEnv {
  config: Config;
  container: Container;
  /** Drops the test database, removes the test queues and every other key under the prefix, and closes connections. */
  teardown(): Promise<void>;
}

export async function startTestEnv(name: string, env: Record<string, string> = {}): Promise<TestEnv> {
  const config = testConfig(name, env);
  const container = await buildContainer(config, createLogger(config.log.level));
  return {
    config,
    container,
    async teardown() {
      await Promise.all(Object.values(container.queues.byName).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await dropTestDatabases(container.databases);
      await deleteKeysWithPrefix(container.redis, config.queue.prefix);
      await container.close();
    },
  };
}

/** Polls `probe` until it returns a truthy value or the deadline passes (no fixed sleeps). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
