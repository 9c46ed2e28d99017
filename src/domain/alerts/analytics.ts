/** Wires spike alerts and weekly digests on one connection (the analytics area of issue 6). */
import type { Connection } from 'mongoose';
import type { Config } from '../../../config/load-config.ts';
import type { TrendCounterRepository } from '../trends/trend-counter.repository.ts';
import type { TrendsService } from '../trends/trends.service.ts';
import { DigestRepository } from '../digests/digest.repository.ts';
import { DigestService, type RecoverySummary } from '../digests/digest.service.ts';
import { AlertRepository } from './alert.repository.ts';
import { AlertService } from './alert.service.ts';

export interface Analytics {
  alertRepo: AlertRepository;
  alerts: AlertService;
  digestRepo: DigestRepository;
  digests: DigestService;
  ensureIndexes(): Promise<void>;
}

export function createAnalytics(
  connection: Connection,
  config: Config,
  deps: { counters: TrendCounterRepository; trends: TrendsService; recovery?: (from: Date, to: Date) => Promise<RecoverySummary> },
): Analytics {
  const alertRepo = new AlertRepository(connection);
  const digestRepo = new DigestRepository(connection);
  return {
    alertRepo,
    alerts: new AlertService({ counters: deps.counters, alerts: alertRepo }, { ...config.alerts, brandTerms: config.trends.brandTerms }),
    digestRepo,
    digests: new DigestService({ trends: deps.trends, counters: deps.counters, recovery: deps.recovery, alerts: alertRepo, digests: digestRepo }),
    async ensureIndexes() {
      await Promise.all([alertRepo.ensureIndexes(), digestRepo.ensureIndexes()]);
    },
  };
}
