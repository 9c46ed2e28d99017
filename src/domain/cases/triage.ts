/**
 * Wires the triage area (customers, cases, corrections, recovery) on one connection, so the
 * container holds one `triage` entry and the worker one list of stored-item listeners.
 */
import type { Redis } from 'ioredis';
import type { Databases } from '../../infra/mongo.ts';
import type { Config } from '../../../config/load-config.ts';
import type { StoredItemsListener } from '../feedback/ingest-batch.service.ts';
import type { TrendCounterRepository } from '../trends/trend-counter.repository.ts';
import { CustomerRepository } from '../customers/customer.repository.ts';
import { CustomerService } from '../customers/customer.service.ts';
import { DefectionSignalRepository } from '../customers/defection-signal.repository.ts';
import { CorrectionRepository } from '../corrections/correction.repository.ts';
import { CorrectionService } from '../corrections/correction.service.ts';
import { RecoveryRepository } from '../recovery/recovery.repository.ts';
import { RecoveryService } from '../recovery/recovery.service.ts';
import { CaseRepository } from './case.repository.ts';
import { CaseService } from './case.service.ts';
import { ComplaintHistoryRepository } from './complaint-history.repository.ts';

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
  ensureIndexes(): Promise<void>;
  /** Rebuilds the Redis lookups the listeners read from MongoDB (worker start; idempotent). */
  rebuildLookups(): Promise<void>;
}

/** `redis`: the listeners' hot lookups (known customer identities, repeat complaints) live there, under the queue prefix. */
export function createTriage(
  { main: connection, cases: casesDb }: Pick<Databases, 'main' | 'cases'>,
  redis: Redis,
  config: Pick<Config, 'privacy' | 'triage' | 'queue'>,
  counters: TrendCounterRepository,
): Triage {
  const customerRepo = new CustomerRepository(connection, { redis, prefix: config.queue.prefix });
  // Written at ingest, beside the items: in their own database (src/infra/mongo.ts says why).
  const signalRepo = new DefectionSignalRepository(casesDb);
  const caseRepo = new CaseRepository(casesDb);
  const correctionRepo = new CorrectionRepository(connection);
  const history = new ComplaintHistoryRepository(redis, config.queue.prefix, (from) => caseRepo.complaintsSince(from));
  const customers = new CustomerService(customerRepo, signalRepo, config);
  const cases = new CaseService(caseRepo, customerRepo, history, config);
  customers.onChanged(cases.onCustomersChanged);
  return {
    customers,
    cases,
    corrections: new CorrectionService(correctionRepo, counters, cases),
    recovery: new RecoveryService(caseRepo, new RecoveryRepository(connection)),
    listeners: [customers.onStoredItems, (items) => cases.onStoredItems(items)],
    async ensureIndexes() {
      await Promise.all([customerRepo.ensureIndexes(), signalRepo.ensureIndexes(), caseRepo.ensureIndexes(), correctionRepo.ensureIndexes()]);
    },
    async rebuildLookups() {
      await Promise.all([customerRepo.rebuildIdentityIndex(), history.rebuild()]);
    },
  };
}
