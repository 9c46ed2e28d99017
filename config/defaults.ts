/** Embedded defaults: a local Redis and FerretDB as started by scripts/services.sh. */
export const DEFAULTS = {
  redisUrl: 'redis://127.0.0.1:6390',
  mongodbUri: 'mongodb://127.0.0.1:27027/earshot',
  apiHost: '127.0.0.1',
  apiPort: 8080,
  workerHealthHost: '127.0.0.1',
  workerHealthPort: 8081,
  /** Requests per API key per minute. */
  rateLimitPerMin: 600,
  logLevel: 'info',
  queuePrefix: 'earshot',
  workerConcurrency: 4,
  pollBatchSize: 200,
  /** Cross-posts land within days of each other: a text fingerprint is remembered this long. */
  duplicateWindowDays: 14,
  /** With the backoff below, a job is retried for about 6 minutes: long enough to ride out a store restart. */
  jobAttempts: 12,
  jobBackoffMs: 1_000,
  jobMaxBackoffMs: 60_000,
  maxTrendRangeDays: 400,
  counterFlushMs: 5_000,
  alertEverySec: 300,
  alertThreshold: 4,
  alertMinCount: 10,
  alertCooldownHours: 6,
  alertBaselineDays: 14,
  digestTimeZone: 'UTC',
  allowPrivateSources: false,
  /** Triage: MVC = smallest set of customers bringing this share of total LTV. */
  mvcLtvShare: 0.2,
  /** Hours to first response per customer tier; an at-risk customer gets the shorter of its tier's and this. */
  slaHours: 'mvc:4,core:24,unknown:72,at-risk:8',
  customerYears: 10,
  httpTimeoutMs: 15_000,
  httpMaxBytes: 5 * 1024 * 1024,
  httpHostIntervalMs: 1_000,
  httpSourceIntervalMs: 1_000,
  httpRetries: 2,
  httpMaxRetryWaitMs: 30_000,
  /** Which committed classifier model to load: see docs/model-card.md. */
  classifierModel: 'default',
  /** Web app sign-in sessions end this long after sign-in. */
  sessionHours: 8,
  /** Digest share links open without a key for this long. */
  shareLinkDays: 14,
} as const;
