/**
 * The composition root: builds every repository and service of an entry point from validated
 * config, and closes them in order. The only module that wires areas together, so domain folders
 * import infra and each other's services, never each other's wiring.
 */
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/load-config.ts';
import { AlertRepository } from '../domain/alerts/alert.repository.ts';
import { AlertService } from '../domain/alerts/alert.service.ts';
import { FailedJobAlerts } from '../domain/alerts/failed-job-alert.ts';
import { JobAlertRepository } from '../domain/alerts/job-alert.repository.ts';
import { CaseRepository } from '../domain/cases/case.repository.ts';
import { CaseService } from '../domain/cases/case.service.ts';
import { ComplaintHistoryRepository } from '../domain/cases/complaint-history.repository.ts';
import { CorrectionRepository } from '../domain/corrections/correction.repository.ts';
import { CorrectionService } from '../domain/corrections/correction.service.ts';
import { CustomerRepository } from '../domain/customers/customer.repository.ts';
import { CustomerService } from '../domain/customers/customer.service.ts';
import { DefectionSignalRepository } from '../domain/customers/defection-signal.repository.ts';
import { DigestRepository } from '../domain/digests/digest.repository.ts';
import { DigestService } from '../domain/digests/digest.service.ts';
import { FeedbackRepository } from '../domain/feedback/feedback.repository.ts';
import { PrivacyAuditRepository } from '../domain/data-rights/privacy-audit.repository.ts';
import { RetentionService } from '../domain/data-rights/retention.service.ts';
import { SubjectRightsService } from '../domain/data-rights/subject-rights.service.ts';
import type { StoredItemsListener } from '../domain/feedback/ingest-batch.service.ts';
import { RecoveryRepository } from '../domain/recovery/recovery.repository.ts';
import { RecoveryService } from '../domain/recovery/recovery.service.ts';
import { deliveredResponses } from '../domain/sources/delivered-responses.ts';
import { IngestService } from '../domain/sources/ingest.service.ts';
import { SourceRepository } from '../domain/sources/source.repository.ts';
import { WebhookReplayRepository } from '../domain/sources/webhook-replay.repository.ts';
import { SourceScheduler } from '../domain/sources/source-scheduler.ts';
import { TrendCounterRepository } from '../domain/trends/trend-counter.repository.ts';
import { TrendReaderRepository } from '../domain/trends/trend-reader.repository.ts';
import { TrendsService } from '../domain/trends/trends.service.ts';
import { SampleEraser } from '../domain/trends/sample-eraser.ts';
import { Queues } from '../queue/queues.ts';
import { createHttpClient, type HttpClient } from '../infra/http/http-client.ts';
import { RedisRateLimiter } from '../infra/http/rate-limiter.ts';
import { createLogger, type Logger } from '../infra/logger.ts';
import { connectMongo, databasesOf, type Databases } from '../infra/mongo.ts';
import { createMailer, type Mailer } from '../infra/mailer.ts';
import { Metrics } from '../infra/metrics.ts';
import { createRedisMutex } from '../infra/redis-lock.ts';
import { createRedis, waitForRedis } from '../infra/redis.ts';
import { createRedisOutageLog, type RedisOutageLog } from '../infra/redis-outage.ts';

/** Customers, cases, corrections and recovery. */
export interface Triage {
  customers: CustomerService;
  cases: CaseService;
  corrections: CorrectionService;
  recovery: RecoveryService;
  /**
   * Run by the classify worker for newly stored items: defection signals first (so a new case sees
   * its customer at-risk), then a case for every complaint. Both are idempotent.
   */
  listeners: StoredItemsListener[];
  /** Rebuilds the Redis lookups the listeners read from MongoDB (worker start; idempotent). */
  rebuildLookups(): Promise<void>;
}

/** Spike alerts, alerts about jobs that ran out of retries, and weekly digests. */
export interface Analytics {
  alertRepo: AlertRepository;
  jobAlerts: JobAlertRepository;
  /** Raises the recorded job failures as alerts in the store. */
  failedJobAlerts: FailedJobAlerts;
  alerts: AlertService;
  digestRepo: DigestRepository;
  digests: DigestService;
}

/** A person's rights (find, export, erase) and retention, audited. */
export interface Privacy {
  subjects: SubjectRightsService;
  retention: RetentionService;
  audit: PrivacyAuditRepository;
}

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
  /** `counters` counts (write-behind), `trendReader` reads what the flushes wrote. */
  repos: { feedback: FeedbackRepository; sources: SourceRepository; counters: TrendCounterRepository; trendReader: TrendReaderRepository };
  services: { trends: TrendsService; scheduler: SourceScheduler; ingest: IngestService };
  triage: Triage;
  analytics: Analytics;
  privacy: Privacy;
  /** SMTP for e-mailed digests and alerts; null without EARSHOT_SMTP_URL. */
  mailer: Mailer | null;
  close(): Promise<void>;
}

export async function buildContainer(config: Config, logger: Logger = createLogger(config.log.level)): Promise<Container> {
  if (config.devDefaults.length) logger.warn({ variables: config.devDefaults }, 'using public development values (EARSHOT_DEV_DEFAULTS=true): not for real data');
  const redis = createRedis(config.redis, 'producer');
  const redisOutage = createRedisOutageLog(logger);
  redisOutage.watch(redis, 'producer');
  await waitForRedis(redis);
  const mongo = await connectMongo(config.mongo.uri);
  const databases = databasesOf(mongo);
  const queues = new Queues(redis, config.queue);
  const metrics = new Metrics({ defaultMetrics: config.env !== 'test' });
  metrics.watchQueues(queues.byName);
  const prefix = config.queue.prefix;

  const counters = new TrendCounterRepository(databases.trends, {
    redis,
    prefix,
    // Renewed while a flush runs (redis-lock.ts): a dead flusher frees it within 15 s.
    flushLock: createRedisMutex(redis, `${prefix}:lock:trend-counters`, { leaseMs: 15_000, waitMs: 180_000 }),
    flushMs: config.trends.counterFlushMs,
    onFlushed: (startedAt) => metrics.flushed(startedAt),
    onFlushError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'counter_flush_failed'),
  });
  const repos = {
    feedback: new FeedbackRepository(mongo, { redis, prefix, windowDays: config.sources.duplicateWindowDays }),
    sources: new SourceRepository(mongo, { redis, prefix }),
    counters,
    trendReader: new TrendReaderRepository(databases.trends),
  };
  const trends = new TrendsService(repos.trendReader, { brandTerms: config.trends.brandTerms });

  // Triage. Cases and defection signals are written at ingest, beside the items: in their own
  // database (src/infra/mongo.ts says why). The listeners' hot lookups live in Redis.
  const customerRepo = new CustomerRepository(databases.main, { redis, prefix });
  const signalRepo = new DefectionSignalRepository(databases.cases);
  const caseRepo = new CaseRepository(databases.cases, { redis, prefix });
  const correctionRepo = new CorrectionRepository(databases.main);
  const history = new ComplaintHistoryRepository(redis, prefix, (from) => caseRepo.complaintsSince(from));
  const customers = new CustomerService(customerRepo, signalRepo, config);
  const cases = new CaseService(caseRepo, customerRepo, history, config);
  customers.onChanged(cases.onCustomersChanged);
  const recovery = new RecoveryService(caseRepo, new RecoveryRepository(databases.main));
  const triage: Triage = {
    customers,
    cases,
    corrections: new CorrectionService(correctionRepo, counters, cases),
    recovery,
    listeners: [customers.onStoredItems, (items) => cases.onStoredItems(items)],
    async rebuildLookups() {
      await Promise.all([customerRepo.rebuildIdentityIndex(), history.rebuild(), caseRepo.rebuildActiveCopy()]);
    },
  };

  const alertRepo = new AlertRepository(mongo);
  const digestRepo = new DigestRepository(mongo);
  const jobAlerts = new JobAlertRepository(redis, prefix);
  const analytics: Analytics = {
    alertRepo,
    jobAlerts,
    failedJobAlerts: new FailedJobAlerts({ jobAlerts, alerts: alertRepo }),
    alerts: new AlertService({ counters: repos.trendReader, alerts: alertRepo }, { ...config.alerts, brandTerms: config.trends.brandTerms }),
    digestRepo,
    digests: new DigestService({ trends, counters: repos.trendReader, recovery: async (from, to) => recovery.report(from, to), alerts: alertRepo, digests: digestRepo }),
  };

  const privacyAudit = new PrivacyAuditRepository(databases.main);
  const privacyDeps = { items: repos.feedback, cases: caseRepo, signals: signalRepo, corrections: correctionRepo, history, audit: privacyAudit };
  const privacy: Privacy = {
    subjects: new SubjectRightsService({ ...privacyDeps, customers: customerRepo, counters, samples: new SampleEraser(databases.trends), alerts: alertRepo, digests: digestRepo }),
    retention: new RetentionService(privacyDeps, config.privacy.retentionDays),
    audit: privacyAudit,
  };

  await Promise.all(
    [repos.feedback, repos.sources, customerRepo, signalRepo, caseRepo, correctionRepo, alertRepo, digestRepo, privacyAudit].map((r) => r.ensureIndexes()),
  );
  await Promise.all([customerRepo.recoverWrites(), caseRepo.recoverWrites()]);
  const mailer = config.mail ? createMailer(config.mail) : null;
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
      limiter: new RedisRateLimiter(redis, `${prefix}:ratelimit`),
    }),
    repos,
    services: {
      trends,
      scheduler: new SourceScheduler(queues.byName.poll),
      ingest: new IngestService(
        { sources: repos.sources, feedback: repos.feedback, queues, replays: new WebhookReplayRepository(redis, prefix), delivered: deliveredResponses(redis, prefix) },
        { authorSalt: config.privacy.authorSalt, secretsKey: config.sources.secretsKey, batchSize: config.sources.pollBatchSize },
      ),
    },
    triage,
    analytics,
    privacy,
    mailer,
    async close() {
      if (closed) return;
      closed = true;
      await counters.close().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'counter_flush_failed'));
      await queues.close();
      await mongo.close();
      mailer?.close();
      redis.disconnect();
    },
  };
}
