/** The only reader of process.env: validates it once at start-up and returns a typed, nested config. */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const apiKeySpec = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,}(:(viewer|agent|admin))?$/, 'each key must be ≥16 chars of [A-Za-z0-9_-], optionally ":role"');

const envSchema = z.object({
  REDIS_URL: z.string().url().default(DEFAULTS.redisUrl),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI').default(DEFAULTS.mongodbUri),
  EARSHOT_API_HOST: z.string().min(1).default(DEFAULTS.apiHost),
  EARSHOT_API_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULTS.apiPort),
  EARSHOT_API_KEYS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))
    .pipe(z.array(apiKeySpec)),
  EARSHOT_AUTHOR_SALT: z.string().min(16, 'must be at least 16 characters').optional(),
  EARSHOT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(DEFAULTS.logLevel),
  EARSHOT_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _ - { } only').default(DEFAULTS.queuePrefix),
  EARSHOT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULTS.workerConcurrency),
  EARSHOT_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(DEFAULTS.jobAttempts),
  EARSHOT_JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(DEFAULTS.jobBackoffMs),
  EARSHOT_POLL_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULTS.pollBatchSize),
  EARSHOT_MAX_TREND_RANGE_DAYS: z.coerce.number().int().min(1).default(DEFAULTS.maxTrendRangeDays),
  EARSHOT_ALLOW_PRIVATE_SOURCES: booleanFromEnv.default(String(DEFAULTS.allowPrivateSources) as 'false'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

export type Role = 'viewer' | 'agent' | 'admin';

export interface Config {
  env: 'development' | 'test' | 'production';
  redis: { url: string };
  mongo: { uri: string };
  api: { host: string; port: number; keys: Array<{ key: string; role: Role }> };
  privacy: { authorSalt: string };
  log: { level: string };
  queue: { prefix: string; concurrency: number; attempts: number; backoffMs: number };
  sources: { pollBatchSize: number; allowPrivate: boolean };
  trends: { maxRangeDays: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates `env` (default: process.env) and fails with a message naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.EARSHOT_AUTHOR_SALT) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_AUTHOR_SALT: required in production');
  }
  if (e.NODE_ENV === 'production' && e.EARSHOT_API_KEYS.length === 0) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_API_KEYS: at least one key is required in production');
  }
  return {
    env: e.NODE_ENV,
    redis: { url: e.REDIS_URL },
    mongo: { uri: e.MONGODB_URI },
    api: {
      host: e.EARSHOT_API_HOST,
      port: e.EARSHOT_API_PORT,
      keys: e.EARSHOT_API_KEYS.map((spec) => {
        const [key, role] = spec.split(':') as [string, Role | undefined];
        return { key, role: role ?? 'admin' };
      }),
    },
    // A fixed development salt keeps local hashes stable; production must set its own.
    privacy: { authorSalt: e.EARSHOT_AUTHOR_SALT ?? 'earshot-development-salt' },
    log: { level: e.EARSHOT_LOG_LEVEL },
    queue: {
      prefix: e.EARSHOT_QUEUE_PREFIX,
      concurrency: e.EARSHOT_WORKER_CONCURRENCY,
      attempts: e.EARSHOT_JOB_ATTEMPTS,
      backoffMs: e.EARSHOT_JOB_BACKOFF_MS,
    },
    sources: { pollBatchSize: e.EARSHOT_POLL_BATCH_SIZE, allowPrivate: e.EARSHOT_ALLOW_PRIVATE_SOURCES },
    trends: { maxRangeDays: e.EARSHOT_MAX_TREND_RANGE_DAYS },
  };
}
