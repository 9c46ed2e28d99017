import type { Collection, Connection } from 'mongoose';

export const ALERT_SERIES = ['volume', 'complaints', 'negative_share'] as const;
export type AlertSeries = (typeof ALERT_SERIES)[number];
/** Not a spike: a job ran out of retries (see failed-job-alert.ts). */
export const FAILED_BATCH = 'failed_batch';
export type Severity = 'warning' | 'high' | 'critical';
export type AlertStatus = 'open' | 'acknowledged';

export interface AlertSample {
  id: string;
  category: string;
  text: string;
  sourceId: string;
  label: string;
  publishedAt: Date;
  url?: string;
}

export interface AlertDoc {
  _id: string;
  /** scope|series: one incident per key at a time (see cooldown). */
  key: string;
  /**
   * The burst this alert belongs to: the id of the first alert raised for it. One burst usually
   * fires several series in several scopes (volume, complaints and negative share; overall and per
   * brand); they share this id, so they can be shown as one event.
   */
  event: string;
  scope: string;
  label: string | null;
  series: AlertSeries | typeof FAILED_BATCH;
  /** Hour bucket key of the first spiking hour, and its start. */
  hour: string;
  start: Date;
  severity: Severity;
  status: AlertStatus;
  figures: {
    value: number;
    volume: number;
    median: number;
    mad: number;
    z: number;
    baselineSamples: number;
    method: 'hour-of-week' | 'all-hours';
  };
  topTerms: string[];
  samples: AlertSample[];
  createdAt: Date;
  lastSeenHour: string;
  lastSeenAt: Date;
  occurrences: number;
  peakZ: number;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  /** Only on `failed_batch` alerts: which job failed, why, and how to run it again. */
  failure?: {
    queue: string;
    jobId: string;
    job: string;
    items: number | null;
    error: string;
    attemptsMade: number;
    retry: string;
  };
}

/** Where each key's last incident stands, so a continuing spike updates its alert instead of raising another. */
interface AlertStateDoc {
  _id: string;
  alertId: string;
  lastHourStart: Date;
}

export class AlertRepository {
  private readonly alerts: Collection<AlertDoc>;
  private readonly state: Collection<AlertStateDoc>;

  constructor(connection: Connection) {
    this.alerts = connection.collection<AlertDoc>('alerts');
    this.state = connection.collection<AlertStateDoc>('alert_state');
  }

  async ensureIndexes(): Promise<void> {
    await this.alerts.createIndex({ createdAt: -1 });
  }

  /** Inserts a new alert; false when one with this id exists already (the same spike seen twice). */
  async insert(alert: AlertDoc): Promise<boolean> {
    try {
      await this.alerts.insertOne(alert);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  async get(id: string): Promise<AlertDoc | null> {
    return this.alerts.findOne({ _id: id });
  }

  /** The event of an alert whose hours reach within `withinHours` of `start` (any scope or series), if any. */
  async eventNear(start: Date, withinHours: number): Promise<string | null> {
    const from = new Date(start.getTime() - withinHours * 3_600_000);
    const near = await this.alerts.find({ start: { $gte: from, $lte: start }, series: { $ne: FAILED_BATCH } }).sort({ start: 1 }).limit(1).toArray();
    return near[0]?.event ?? near[0]?._id ?? null;
  }

  async lastIncident(key: string): Promise<AlertStateDoc | null> {
    return this.state.findOne({ _id: key });
  }

  async setLastIncident(key: string, alertId: string, lastHourStart: Date): Promise<void> {
    await this.state.updateOne({ _id: key }, { $set: { alertId, lastHourStart } }, { upsert: true });
  }

  /** The spike goes on: count the new hour, keep the peak. */
  async touch(id: string, hour: string, at: Date, z: number, severity: Severity, newHour: boolean): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    const peak = z > current.peakZ;
    await this.alerts.updateOne(
      { _id: id },
      {
        $set: { lastSeenHour: hour, lastSeenAt: at, ...(peak ? { peakZ: z, severity } : {}) },
        ...(newHour ? { $inc: { occurrences: 1 } } : {}),
      },
    );
  }

  /** Newest first; `spikesOnly` leaves out failed-job alerts. The collection stays small (one document per incident), so filtering in the store is fine. */
  async list(q: { status?: AlertStatus; limit: number; from?: Date; to?: Date; spikesOnly?: boolean }): Promise<AlertDoc[]> {
    const filter: Record<string, unknown> = {};
    if (q.status) filter.status = q.status;
    if (q.spikesOnly) filter.series = { $ne: FAILED_BATCH };
    if (q.from || q.to) filter.start = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
    return this.alerts.find(filter).sort({ createdAt: -1 }).limit(q.limit).toArray();
  }

  async acknowledge(id: string, by: string, at: Date): Promise<AlertDoc | null> {
    await this.alerts.updateOne({ _id: id }, { $set: { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by } });
    return this.get(id);
  }

  /** Drops these items from the samples of alerts raised for their hours (an erasure); returns how many went. */
  async forgetSamples(items: Array<{ id: string; hour: string }>): Promise<number> {
    if (items.length === 0) return 0;
    const ids = new Set(items.map((i) => i.id));
    const alerts = await this.alerts.find({ hour: { $in: [...new Set(items.map((i) => i.hour))] } }, { projection: { samples: 1 } }).toArray();
    let removed = 0;
    for (const a of alerts) {
      const samples = (a.samples ?? []).filter((s) => !ids.has(s.id));
      if (samples.length === (a.samples ?? []).length) continue;
      removed += (a.samples ?? []).length - samples.length;
      await this.alerts.updateOne({ _id: a._id }, { $set: { samples } });
    }
    return removed;
  }
}
