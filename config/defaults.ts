/** Embedded defaults: a local Redis and FerretDB as started by scripts/services.sh. */
export const DEFAULTS = {
  redisUrl: 'redis://127.0.0.1:6390',
  mongodbUri: 'mongodb://127.0.0.1:27027/earshot',
  apiHost: '127.0.0.1',
  apiPort: 8080,
  logLevel: 'info',
  queuePrefix: 'earshot',
  workerConcurrency: 4,
  pollBatchSize: 200,
  jobAttempts: 5,
  jobBackoffMs: 1_000,
  maxTrendRangeDays: 400,
  allowPrivateSources: false,
} as const;
