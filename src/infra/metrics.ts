/**
 * Prometheus metrics of one process (API or worker), on a registry of its own so several
 * containers in one process (tests) do not collide. Queue gauges are read from Redis at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';

export type ItemOutcome = 'ingested' | 'classified' | 'rejected' | 'deduplicated';
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'earshot_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'earshot_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly items = new Counter({
    name: 'earshot_items_total',
    help: 'Feedback items by source, kind and outcome (ingested: reached a classify job; classified: stored; rejected: invalid at the edge; deduplicated: already stored or a repeat of another text)',
    labelNames: ['source', 'kind', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly polls = new Counter({
    name: 'earshot_polls_total',
    help: 'Source polls by source and outcome (polled, not-modified, failed, skipped)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly flushDuration = new Histogram({
    name: 'earshot_counter_flush_duration_seconds',
    help: 'Time to write buffered trend counters to the store',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private countedSince: number | undefined;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'earshot_' });
    const self = this;
    new Gauge({
      name: 'earshot_counter_flush_lag_seconds',
      help: 'How long counts buffered by this process have waited for a flush to the trend rollups (0: nothing waiting)',
      registers: [this.registry],
      collect() {
        this.set(self.countedSince === undefined ? 0 : (Date.now() - self.countedSince) / 1000);
      },
    });
  }

  item(outcome: ItemOutcome, source: string, kind: string, n = 1): void {
    if (n > 0) this.items.inc({ source, kind, outcome }, n);
  }

  poll(source: string, outcome: string): void {
    this.polls.inc({ source, outcome });
  }

  /** A batch's counts entered the write-behind buffer: the lag clock runs until the next flush. */
  counted(): void {
    this.countedSince ??= Date.now();
  }

  flushed(startedAt: number): void {
    this.flushDuration.observe((Date.now() - startedAt) / 1000);
    if (this.countedSince !== undefined && this.countedSince <= startedAt) this.countedSince = undefined;
  }

  /** Adds `earshot_queue_jobs{queue,state}`, read from Redis when scraped. */
  watchQueues(queues: Record<string, Queue>): void {
    new Gauge({
      name: 'earshot_queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const [name, queue] of Object.entries(queues)) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
  }
}
