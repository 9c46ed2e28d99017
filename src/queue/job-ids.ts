/**
 * Every job and job-scheduler id, in one place. Ids are derived from the job's data, so queueing
 * the same work twice (a re-polled page, a retried detection) adds one job while the first still
 * exists. BullMQ ids must not contain `:`; URLs and addresses appear only as a hash (no secrets in ids).
 */
import { createHash } from 'node:crypto';

const hash = (algorithm: 'sha1' | 'sha256', text: string, length: number) => createHash(algorithm).update(text).digest('hex').slice(0, length);
const urlTag = (url: string): string => hash('sha256', url, 12);

export const jobIds = {
  /** A classify batch: its source and items (also the batch id the items are stored under). */
  classifyBatch: (sourceId: string, externalIds: string[]) => `b-${sourceId}-${hash('sha1', externalIds.join('\n'), 20)}`,
  /** One alert to one webhook destination (webhook, Slack or Teams format). */
  deliverAlert: (alertId: string, format: string, url: string) => `alert-${alertId}-${format}-${urlTag(url)}`,
  /** One alert to one e-mail address. */
  emailAlert: (alertId: string, to: string) => `alert-${alertId}-mail-${urlTag(to)}`,
  /** One build of a week's digest to one webhook destination: a rebuilt digest is delivered again. */
  deliverDigest: (week: string, format: string, url: string, generatedAt: string) => `digest-${week}-${format}-${urlTag(url)}-${Date.parse(generatedAt)}`,
  /** One build of a week's digest to one e-mail address. */
  emailDigest: (week: string, to: string, generatedAt: string) => `digest-${week}-mail-${urlTag(to)}-${Date.parse(generatedAt)}`,
};

export const schedulerIds = {
  pollSource: (sourceId: string) => `poll-${sourceId}`,
  detectAlerts: 'detect-alerts',
  weeklyDigest: 'weekly-digest',
  retentionPurge: 'retention-purge',
};
