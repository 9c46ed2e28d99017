import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsSchedules } from '../../../src/domain/alerts/analytics-schedules.ts';
import { schedulerIds } from '../../../src/queue/job-ids.ts';

const DETECT_SCHEDULER_ID = schedulerIds.detectAlerts;
const DIGEST_SCHEDULER_ID = schedulerIds.weeklyDigest;
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';
import { cls, storeItems } from './analytics-fixtures.ts';

describe('analytics job schedulers', () => {
  let env: TestEnv;
  let workers: RunningWorkers | undefined;

  beforeAll(async () => {
    env = await startTestEnv('analytics_schedules', { EARSHOT_DIGEST_TIMEZONE: 'Europe/Paris', EARSHOT_ALERT_EVERY_SEC: '120' });
  });
  afterAll(async () => {
    await workers?.close();
    await env?.teardown();
  });

  it('schedules the digest for Monday 08:00 in the configured time zone, and detection every few minutes', async () => {
    const queue = env.container.queues.byName.analytics;
    await startAnalyticsSchedules(queue, env.config);
    await startAnalyticsSchedules(queue, env.config); // idempotent: still one scheduler each
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([DETECT_SCHEDULER_ID, DIGEST_SCHEDULER_ID].sort());
    const digest = schedulers.find((s) => s.key === DIGEST_SCHEDULER_ID)!;
    expect(digest).toMatchObject({ pattern: '0 8 * * 1', tz: 'Europe/Paris' });
    const next = new Date(digest.next!);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next);
    expect(local).toBe('Mon 08:00');
    expect(schedulers.find((s) => s.key === DETECT_SCHEDULER_ID)!.every).toBe(120_000);
    await queue.removeJobScheduler(DETECT_SCHEDULER_ID);
    await queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
  });

  it('builds and stores a week’s digest from a queued build-digest job', async () => {
    const c = env.container;
    await storeItems(c, [{ text: 'Checkout failed twice today', at: new Date('2026-10-13T10:00:00Z'), classification: cls('complaint') }]);
    workers = await startWorkers(c, testClassifier());
    await c.queues.enqueue('build-digest', { week: '2026-W42' });
    const digest = await eventually(() => c.analytics.digestRepo.get('2026-W42'), 20_000);
    expect(digest.headline.volume.value).toBe(1);
    expect(digest.headline.complaints.value).toBe(1);
  });
});
