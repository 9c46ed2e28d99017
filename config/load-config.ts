/** The only reader of process.env: validates it once at start-up and returns a typed, nested config. */
import { z } from 'zod';
import { CLASSIFIER_MODELS, type ClassifierModelName } from '../src/domain/classification/classification.types.ts';
import { defaultScoredLanguages, isScorableLanguage, SCORABLE_LANGUAGES, type LanguageCode } from '../src/domain/classification/languages/index.ts';
import { DEFAULTS } from './defaults.ts';
import { CLUSTER_NODE_RULE, isRedisUrl, parseNode, REDIS_URL_RULE, redisTarget, type RedisTarget } from './redis-target.ts';
import { DIGEST_ROLES, destinationSchema, isValidWebhookSecret, type Destination, type DigestRole } from './destinations.ts';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const apiKeySpec = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,}(:(viewer|agent|admin))?$/, 'each key must be ≥16 chars of [A-Za-z0-9_-], optionally ":role"');

const csv = (s: string): string[] => s.split(',').map((v) => v.trim()).filter(Boolean);

/** A JSON array in one variable, each entry validated (errors name the variable and the entry's index). */
const jsonList = <T extends z.ZodTypeAny>(item: T) =>
  z
    .string()
    .default('[]')
    .transform((s, ctx): unknown => {
      try {
        return JSON.parse(s || '[]');
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a JSON array, e.g. [{"format":"slack","url":"https://…"}]' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item));

/**
 * Languages besides English to score: unset → those measured good enough (languages/measured.json);
 * "none" or empty → English only; else a comma-separated list of es, fr, de.
 */
const scoredLanguages = z
  .string()
  .optional()
  .transform((spec, ctx): LanguageCode[] => {
    if (spec === undefined) return defaultScoredLanguages();
    const codes = csv(spec.toLowerCase());
    if (codes.length === 0 || (codes.length === 1 && codes[0] === 'none')) return [];
    const out: LanguageCode[] = [];
    for (const code of codes) {
      if (!isScorableLanguage(code)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${code}" is not a language Earshot can score (${SCORABLE_LANGUAGES.join(', ')}, or none)` });
        return z.NEVER;
      }
      if (!out.includes(code)) out.push(code);
    }
    return out;
  });

const emailList = z.string().default('').transform(csv).pipe(z.array(z.string().email('each must be an e-mail address')));

const digestDestination = destinationSchema.refine((d) => d.format !== 'email' && !d.labels, {
  message: 'digest routes are webhook, slack or teams URLs without labels (e-mail recipients: EARSHOT_DIGEST_EMAIL_<ROLE>)',
});

const envSchema = z.object({
  REDIS_URL: z.string().refine(isRedisUrl, REDIS_URL_RULE).default(DEFAULTS.redisUrl),
  // Seed nodes of a Redis Cluster: when set, Earshot talks to the cluster and REDIS_URL is unused.
  EARSHOT_REDIS_CLUSTER_NODES: z
    .string()
    .default('')
    .transform(csv)
    .pipe(z.array(z.string().refine((s) => parseNode(s) !== undefined, CLUSTER_NODE_RULE))),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI').default(DEFAULTS.mongodbUri),
  EARSHOT_API_HOST: z.string().min(1).default(DEFAULTS.apiHost),
  EARSHOT_API_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULTS.apiPort),
  EARSHOT_WORKER_HEALTH_HOST: z.string().min(1).default(DEFAULTS.workerHealthHost),
  EARSHOT_WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULTS.workerHealthPort),
  EARSHOT_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).default(DEFAULTS.rateLimitPerMin),
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
  EARSHOT_JOB_MAX_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(DEFAULTS.jobMaxBackoffMs),
  EARSHOT_POLL_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULTS.pollBatchSize),
  EARSHOT_DUPLICATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULTS.duplicateWindowDays),
  EARSHOT_MAX_TREND_RANGE_DAYS: z.coerce.number().int().min(1).default(DEFAULTS.maxTrendRangeDays),
  EARSHOT_COUNTER_FLUSH_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULTS.counterFlushMs),
  EARSHOT_BRAND_TERMS: z.string().default('').transform(csv),
  EARSHOT_ALERT_EVERY_SEC: z.coerce.number().int().min(10).default(DEFAULTS.alertEverySec),
  EARSHOT_ALERT_THRESHOLD: z.coerce.number().min(1).default(DEFAULTS.alertThreshold),
  EARSHOT_ALERT_MIN_COUNT: z.coerce.number().int().min(1).default(DEFAULTS.alertMinCount),
  EARSHOT_ALERT_COOLDOWN_HOURS: z.coerce.number().min(0).default(DEFAULTS.alertCooldownHours),
  EARSHOT_ALERT_BASELINE_DAYS: z.coerce.number().int().min(2).max(56).default(DEFAULTS.alertBaselineDays),
  EARSHOT_ALERT_WEBHOOKS: z.string().default('').transform(csv).pipe(z.array(z.string().url('each must be an http(s) URL'))),
  EARSHOT_DIGEST_WEBHOOKS: z.string().default('').transform(csv).pipe(z.array(z.string().url('each must be an http(s) URL'))),
  EARSHOT_ALERT_ROUTES: jsonList(destinationSchema),
  EARSHOT_DIGEST_ROUTES: jsonList(digestDestination),
  EARSHOT_DIGEST_EMAIL_EXECUTIVE: emailList,
  EARSHOT_DIGEST_EMAIL_MARKETING: emailList,
  EARSHOT_DIGEST_EMAIL_SUPPORT: emailList,
  EARSHOT_WEBHOOK_SECRET: z
    .string()
    .refine(isValidWebhookSecret, 'must be a Standard Webhooks secret: "whsec_" then the base64 of at least 16 random bytes (e.g. whsec_$(openssl rand -base64 32))')
    .optional(),
  EARSHOT_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s/]+/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587').optional(),
  EARSHOT_MAIL_FROM: z
    .string()
    .regex(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address, optionally with a name: Earshot <earshot@example.com>')
    .optional(),
  EARSHOT_PUBLIC_URL: z.string().url('must be the http(s) address people open Earshot at').refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').optional(),
  EARSHOT_DIGEST_TIMEZONE: z
    .string()
    .default(DEFAULTS.digestTimeZone)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Paris'),
  EARSHOT_ALLOW_PRIVATE_SOURCES: booleanFromEnv.default(String(DEFAULTS.allowPrivateSources) as 'false'),
  EARSHOT_MVC_LTV_SHARE: z.coerce.number().gt(0).lt(1).default(DEFAULTS.mvcLtvShare),
  EARSHOT_SLA_HOURS: z
    .string()
    .default(DEFAULTS.slaHours)
    .transform((s, ctx) => parseSlaHours(s, ctx)),
  EARSHOT_CUSTOMER_YEARS: z.coerce.number().gt(0).max(100).default(DEFAULTS.customerYears),
  EARSHOT_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(DEFAULTS.httpTimeoutMs),
  EARSHOT_HTTP_MAX_BYTES: z.coerce.number().int().min(1024).default(DEFAULTS.httpMaxBytes),
  EARSHOT_HTTP_HOST_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULTS.httpHostIntervalMs),
  EARSHOT_HTTP_SOURCE_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULTS.httpSourceIntervalMs),
  EARSHOT_HTTP_RETRIES: z.coerce.number().int().min(0).max(10).default(DEFAULTS.httpRetries),
  EARSHOT_HTTP_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULTS.httpMaxRetryWaitMs),
  EARSHOT_SECRETS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  EARSHOT_CLASSIFIER_MODEL: z.enum(CLASSIFIER_MODELS).default(DEFAULTS.classifierModel),
  EARSHOT_SCORED_LANGUAGES: scoredLanguages,
  EARSHOT_DEV_DEFAULTS: booleanFromEnv.default('false'),
  EARSHOT_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  EARSHOT_SESSION_HOURS: z.coerce.number().gt(0).max(24 * 30).default(DEFAULTS.sessionHours),
  EARSHOT_SHARE_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULTS.shareLinkDays),
  EARSHOT_SECURE_COOKIES: booleanFromEnv.optional(),
  EARSHOT_RETENTION_DAYS: z
    .string()
    .default('')
    .transform((s, ctx) => parseRetentionDays(s, ctx)),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

/** `EARSHOT_SECRET_<NAME>` variables: secrets that source settings refer to by NAME (never stored in MongoDB). */
const NAMED_SECRET_PREFIX = 'EARSHOT_SECRET_';
const namedSecretName = /^[A-Z0-9_]{1,64}$/;

function namedSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(NAMED_SECRET_PREFIX) || value === undefined || value === '') continue;
    const short = name.slice(NAMED_SECRET_PREFIX.length);
    if (namedSecretName.test(short)) out[short] = value;
  }
  return out;
}

export type SlaTier = 'mvc' | 'core' | 'unknown' | 'at-risk';

/** "mvc:4,core:24,…" → hours per tier; every tier must be given once, as a positive number. */
function parseSlaHours(spec: string, ctx: z.RefinementCtx): Record<SlaTier, number> {
  const out: Partial<Record<SlaTier, number>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [tier, hours] = part.split(':');
    const n = Number(hours);
    if (!['mvc', 'core', 'unknown', 'at-risk'].includes(tier ?? '') || !(n > 0)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}" is not <mvc|core|unknown|at-risk>:<hours>` });
      return out as Record<SlaTier, number>;
    }
    out[tier as SlaTier] = n;
  }
  for (const tier of ['mvc', 'core', 'unknown', 'at-risk'] as const) {
    if (out[tier] === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `missing hours for tier ${tier}` });
  }
  return out as Record<SlaTier, number>;
}

/** Kinds of feedback as retention names them (config imports no domain folder). */
export type RetentionKind = 'mention' | 'review' | 'survey';

/** "mentions:365,reviews:730" → days per kind; a kind left out is kept for ever. */
function parseRetentionDays(spec: string, ctx: z.RefinementCtx): Partial<Record<RetentionKind, number>> {
  const out: Partial<Record<RetentionKind, number>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, days] = part.split(':');
    const kind = (name ?? '').trim().replace(/s$/, '');
    const n = Number(days);
    if (!['mention', 'review', 'survey'].includes(kind) || !Number.isInteger(n) || n < 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}" is not <mentions|reviews|surveys>:<whole days ≥ 1>` });
      continue;
    }
    out[kind as RetentionKind] = n;
  }
  return out;
}

export type Role = 'viewer' | 'agent' | 'admin';

/** Secrets that have a public development value, used only with EARSHOT_DEV_DEFAULTS=true outside production. */
export type DevDefault = 'EARSHOT_AUTHOR_SALT' | 'EARSHOT_SECRETS_KEY' | 'EARSHOT_SESSION_SECRET';

export interface Config {
  env: 'development' | 'test' | 'production';
  /** The secrets running on their public development values: entry points warn about them at start. */
  devDefaults: DevDefault[];
  redis: RedisTarget;
  mongo: { uri: string };
  /** `publicUrl`: where people open Earshot (links in e-mails), without a trailing slash; `rateLimitPerMin`: requests per API key per minute (0: no limit). */
  api: { host: string; port: number; keys: Array<{ key: string; role: Role }>; publicUrl: string; rateLimitPerMin: number };
  /** `retentionDays`: how long items of each kind are kept (absent: for ever); the trend counters keep their history. */
  privacy: { authorSalt: string; retentionDays: Partial<Record<RetentionKind, number>> };
  log: { level: string };
  /** Retries wait backoffMs·2^(n-1), at most maxBackoffMs, for `attempts` attempts; then the failed set. */
  queue: { prefix: string; concurrency: number; attempts: number; backoffMs: number; maxBackoffMs: number };
  /** Where the worker serves /livez, /readyz and /metrics (port 0: any free port). */
  workerHealth: { host: string; port: number };
  sources: {
    pollBatchSize: number;
    /** How long a text fingerprint is held: a later item with the same text within it is a duplicate. */
    duplicateWindowDays: number;
    allowPrivate: boolean;
    http: SourceHttpConfig;
    /** Values of `EARSHOT_SECRET_<NAME>`, keyed by NAME. */
    namedSecrets: Record<string, string>;
    /** Key material for secrets Earshot stores encrypted (webhook signing secrets). */
    secretsKey: string;
  };
  /** `counterFlushMs`: how long counted batches wait in Redis before their merged increments reach MongoDB (0: at once). */
  trends: { maxRangeDays: number; brandTerms: string[]; counterFlushMs: number };
  /** Spike alerts (robust baseline per series) and where each brand's alerts go. */
  alerts: { everySec: number; threshold: number; minCount: number; cooldownHours: number; baselineDays: number; destinations: Destination[] };
  /** `emails`: digest recipients per role (each gets that role's sections). */
  digests: { timeZone: string; destinations: Destination[]; emails: Record<DigestRole, string[]> };
  /** `whsec_…` secret signing alert and digest webhooks (Standard Webhooks). */
  webhookSecret: string | null;
  /** SMTP for e-mailed digests and alerts; null when not configured. */
  mail: { smtpUrl: string; from: string } | null;
  triage: { mvcLtvShare: number; slaHours: Record<SlaTier, number>; customerYears: number };
  /**
   * `permissive`: the model trained only on permissively licensed data (docs/model-card.md);
   * `scoredLanguages`: languages besides English that are scored (the rest are reported as not scored).
   */
  classifier: { model: ClassifierModelName; scoredLanguages: LanguageCode[] };
  /** The web app: signed session cookies and digest share links (both HMAC with `sessionSecret`). */
  web: { sessionSecret: string; sessionHours: number; shareLinkDays: number; secureCookies: boolean };
}

export interface SourceHttpConfig {
  timeoutMs: number;
  maxBytes: number;
  hostIntervalMs: number;
  sourceIntervalMs: number;
  retries: number;
  maxRetryWaitMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates `env` (default: process.env) and fails with a message naming each bad variable. */
/** "A", "A and B", "A, B and C". */
const listNames = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** The classifier model alone, for commands that need no services or secrets (`earshot classify`). */
export function loadClassifierModel(env: NodeJS.ProcessEnv = process.env): ClassifierModelName {
  const parsed = envSchema.shape.EARSHOT_CLASSIFIER_MODEL.safeParse(env.EARSHOT_CLASSIFIER_MODEL);
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n  EARSHOT_CLASSIFIER_MODEL: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The scored languages alone, for `earshot classify` (EARSHOT_SCORED_LANGUAGES, validated). */
export function loadScoredLanguages(env: NodeJS.ProcessEnv = process.env): LanguageCode[] {
  const parsed = envSchema.shape.EARSHOT_SCORED_LANGUAGES.safeParse(env.EARSHOT_SCORED_LANGUAGES);
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n  EARSHOT_SCORED_LANGUAGES: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

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
  if (e.NODE_ENV === 'production' && !e.EARSHOT_SECRETS_KEY) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_SECRETS_KEY: required in production (encrypts webhook secrets)');
  }
  if (e.NODE_ENV === 'production' && e.EARSHOT_DEV_DEFAULTS) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_DEV_DEFAULTS: not allowed in production');
  }
  // The development values are public: anyone could link hashed authors, read stored secrets or forge sessions and share links.
  const devDefaults = (['EARSHOT_AUTHOR_SALT', 'EARSHOT_SECRETS_KEY', 'EARSHOT_SESSION_SECRET'] as const).filter((name) => !e[name]);
  if (devDefaults.length && !e.EARSHOT_DEV_DEFAULTS) {
    throw new ConfigError(
      `${listNames(devDefaults)} not set: set ${devDefaults.length > 1 ? 'them' : 'it'}, or set EARSHOT_DEV_DEFAULTS=true to use public development values (never with real data)`,
    );
  }
  // The plain URL lists are shorthand for signed `webhook` destinations.
  const alertDestinations: Destination[] = [...e.EARSHOT_ALERT_WEBHOOKS.map((url) => ({ format: 'webhook' as const, url })), ...e.EARSHOT_ALERT_ROUTES];
  const digestDestinations: Destination[] = [...e.EARSHOT_DIGEST_WEBHOOKS.map((url) => ({ format: 'webhook' as const, url })), ...e.EARSHOT_DIGEST_ROUTES];
  if ([...alertDestinations, ...digestDestinations].some((d) => d.format === 'webhook') && !e.EARSHOT_WEBHOOK_SECRET) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_WEBHOOK_SECRET: required when alert or digest webhooks are set (bodies are HMAC-signed)');
  }
  const digestEmails: Record<DigestRole, string[]> = {
    executive: e.EARSHOT_DIGEST_EMAIL_EXECUTIVE,
    marketing: e.EARSHOT_DIGEST_EMAIL_MARKETING,
    support: e.EARSHOT_DIGEST_EMAIL_SUPPORT,
  };
  const wantsMail = alertDestinations.some((d) => d.format === 'email') || DIGEST_ROLES.some((r) => digestEmails[r].length > 0);
  if (wantsMail && !e.EARSHOT_SMTP_URL) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_SMTP_URL: required when digest or alert e-mail recipients are set');
  }
  if (e.EARSHOT_SMTP_URL && !e.EARSHOT_MAIL_FROM) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_MAIL_FROM: required with EARSHOT_SMTP_URL (the sender, e.g. Earshot <earshot@example.com>)');
  }
  if (e.NODE_ENV === 'production' && e.EARSHOT_API_KEYS.length === 0) {
    throw new ConfigError('invalid configuration:\n  EARSHOT_API_KEYS: at least one key is required in production');
  }
  let redis: RedisTarget;
  try {
    redis = redisTarget(e.REDIS_URL, e.EARSHOT_REDIS_CLUSTER_NODES);
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  REDIS_URL: ${(err as Error).message}`);
  }
  return {
    env: e.NODE_ENV,
    devDefaults,
    redis,
    mongo: { uri: e.MONGODB_URI },
    api: {
      host: e.EARSHOT_API_HOST,
      port: e.EARSHOT_API_PORT,
      keys: e.EARSHOT_API_KEYS.map((spec) => {
        const [key, role] = spec.split(':') as [string, Role | undefined];
        return { key, role: role ?? 'admin' };
      }),
      publicUrl: (e.EARSHOT_PUBLIC_URL ?? `http://${e.EARSHOT_API_HOST}:${e.EARSHOT_API_PORT}`).replace(/\/+$/, ''),
      rateLimitPerMin: e.EARSHOT_RATE_LIMIT_PER_MIN,
    },
    // A fixed development salt (EARSHOT_DEV_DEFAULTS only) keeps local hashes stable.
    privacy: { authorSalt: e.EARSHOT_AUTHOR_SALT ?? 'earshot-development-salt', retentionDays: e.EARSHOT_RETENTION_DAYS },
    log: { level: e.EARSHOT_LOG_LEVEL },
    queue: {
      // On a cluster every key Earshot uses together must share a slot: a hash tag puts them all on one.
      prefix: redis.clusterNodes.length && !/\{[^}]+\}/.test(e.EARSHOT_QUEUE_PREFIX) ? `{${e.EARSHOT_QUEUE_PREFIX}}` : e.EARSHOT_QUEUE_PREFIX,
      concurrency: e.EARSHOT_WORKER_CONCURRENCY,
      attempts: e.EARSHOT_JOB_ATTEMPTS,
      backoffMs: e.EARSHOT_JOB_BACKOFF_MS,
      maxBackoffMs: Math.max(e.EARSHOT_JOB_MAX_BACKOFF_MS, e.EARSHOT_JOB_BACKOFF_MS),
    },
    workerHealth: { host: e.EARSHOT_WORKER_HEALTH_HOST, port: e.EARSHOT_WORKER_HEALTH_PORT },
    sources: {
      pollBatchSize: e.EARSHOT_POLL_BATCH_SIZE,
      duplicateWindowDays: e.EARSHOT_DUPLICATE_WINDOW_DAYS,
      allowPrivate: e.EARSHOT_ALLOW_PRIVATE_SOURCES,
      http: {
        timeoutMs: e.EARSHOT_HTTP_TIMEOUT_MS,
        maxBytes: e.EARSHOT_HTTP_MAX_BYTES,
        hostIntervalMs: e.EARSHOT_HTTP_HOST_INTERVAL_MS,
        sourceIntervalMs: e.EARSHOT_HTTP_SOURCE_INTERVAL_MS,
        retries: e.EARSHOT_HTTP_RETRIES,
        maxRetryWaitMs: e.EARSHOT_HTTP_MAX_RETRY_WAIT_MS,
      },
      namedSecrets: namedSecrets(env),
      // A fixed development key (EARSHOT_DEV_DEFAULTS only) keeps local secrets readable across restarts.
      secretsKey: e.EARSHOT_SECRETS_KEY ?? 'earshot-development-secrets-key-not-for-production',
    },
    trends: { maxRangeDays: e.EARSHOT_MAX_TREND_RANGE_DAYS, brandTerms: e.EARSHOT_BRAND_TERMS, counterFlushMs: e.EARSHOT_COUNTER_FLUSH_MS },
    alerts: {
      everySec: e.EARSHOT_ALERT_EVERY_SEC,
      threshold: e.EARSHOT_ALERT_THRESHOLD,
      minCount: e.EARSHOT_ALERT_MIN_COUNT,
      cooldownHours: e.EARSHOT_ALERT_COOLDOWN_HOURS,
      baselineDays: e.EARSHOT_ALERT_BASELINE_DAYS,
      destinations: alertDestinations,
    },
    digests: { timeZone: e.EARSHOT_DIGEST_TIMEZONE, destinations: digestDestinations, emails: digestEmails },
    webhookSecret: e.EARSHOT_WEBHOOK_SECRET ?? null,
    mail: e.EARSHOT_SMTP_URL && e.EARSHOT_MAIL_FROM ? { smtpUrl: e.EARSHOT_SMTP_URL, from: e.EARSHOT_MAIL_FROM } : null,
    triage: { mvcLtvShare: e.EARSHOT_MVC_LTV_SHARE, slaHours: e.EARSHOT_SLA_HOURS, customerYears: e.EARSHOT_CUSTOMER_YEARS },
    classifier: { model: e.EARSHOT_CLASSIFIER_MODEL, scoredLanguages: e.EARSHOT_SCORED_LANGUAGES },
    web: {
      // A fixed development secret keeps sessions valid across restarts; production must set its own.
      sessionSecret: e.EARSHOT_SESSION_SECRET ?? 'earshot-development-session-secret-not-for-production',
      sessionHours: e.EARSHOT_SESSION_HOURS,
      shareLinkDays: e.EARSHOT_SHARE_LINK_DAYS,
      secureCookies: e.EARSHOT_SECURE_COOKIES ?? e.NODE_ENV === 'production',
    },
  };
}
