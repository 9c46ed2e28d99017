/** Keeps one BullMQ job scheduler per enabled source, so each is polled on its own interval. */
import type { Queue } from 'bullmq';
import type { StoredSource } from './source.repository.ts';
import { schedulerIds } from '../../queue/job-ids.ts';
import { parseJobPayload } from '../../queue/jobs.ts';
import { isPolled } from './connectors/index.ts';


export class SourceScheduler {
  constructor(private readonly pollQueue: Queue) {}

  async sync(source: StoredSource): Promise<void> {
    const sourceId = String(source._id);
    if (!source.enabled || !isPolled(source.type)) {
      await this.remove(sourceId);
      return;
    }
    await this.pollQueue.upsertJobScheduler(
      schedulerIds.pollSource(sourceId),
      { every: source.pollIntervalSec * 1000 },
      { name: 'poll-source', data: parseJobPayload('poll-source', { sourceId }) },
    );
  }

  async remove(sourceId: string): Promise<void> {
    await this.pollQueue.removeJobScheduler(schedulerIds.pollSource(sourceId));
  }

  /** Polls a source now, outside its schedule and any backoff. */
  async pollNow(sourceId: string): Promise<string> {
    const job = await this.pollQueue.add('poll-source', parseJobPayload('poll-source', { sourceId, force: true }));
    return job.id ?? '';
  }

  /** Makes the schedulers match the stored sources (run by the worker at start-up). */
  async syncAll(sources: StoredSource[]): Promise<void> {
    const wanted = new Set(sources.filter((s) => s.enabled && isPolled(s.type)).map((s) => schedulerIds.pollSource(String(s._id))));
    const existing = await this.pollQueue.getJobSchedulers(0, -1);
    for (const scheduler of existing) {
      const id = scheduler.key ?? scheduler.id;
      if (id && !wanted.has(id)) await this.pollQueue.removeJobScheduler(id);
    }
    for (const source of sources) await this.sync(source);
  }
}
