/**
 * Retention: items older than their kind's period go with their closed cases and what hangs on
 * them; an item whose case is still being worked stays; kinds without a period stay. The trend
 * counters keep the history: past trends and a past week's digest read the same after the purge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository, caseIdFor } from '../../../src/domain/cases/case.repository.ts';
import { startRetentionSchedule } from '../../../src/domain/data-rights/retention-schedule.ts';
import { schedulerIds } from '../../../src/queue/job-ids.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { complaint, labels, satisfied, storeItems, type FixtureItem } from '../triage/triage-fixtures.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const day = (iso: string, h = 9) => new Date(`${iso}T${String(h).padStart(2, '0')}:00:00Z`);

const FIXTURE: FixtureItem[] = [
  // Mentions (30 days): three old ones go, the one with an open case stays, the recent one stays.
  { externalId: 'M-old-1', author: 'ann', text: 'Lovely beans this morning, really lovely', classification: satisfied(), publishedAt: day('2026-03-02') },
  { externalId: 'M-old-2', author: 'ben', classification: labels(), publishedAt: day('2026-03-03') },
  { externalId: 'M-old-closed', author: 'cat', text: 'My order never arrived, refund me please', classification: complaint('instrumental'), publishedAt: day('2026-03-04') },
  { externalId: 'M-old-open', author: 'dan', text: 'The app charged me twice, fix it', classification: complaint('instrumental'), publishedAt: day('2026-03-05') },
  { externalId: 'M-recent', author: 'eve', classification: satisfied(), publishedAt: day('2026-05-25') },
  // Reviews (60 days): the March one goes, the May one stays.
  { externalId: 'R-old', kind: 'review', author: 'fay', classification: satisfied(), rating: 5, publishedAt: day('2026-03-03', 10) },
  { externalId: 'R-kept', kind: 'review', author: 'gus', classification: satisfied(), rating: 4, publishedAt: day('2026-05-01') },
  // Surveys have no period: kept however old.
  { externalId: 'S-old', kind: 'survey', author: 'hal', classification: satisfied(), publishedAt: day('2026-03-03', 11) },
];

describe('retention', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await startTestEnv('privacy_retention', { EARSHOT_RETENTION_DAYS: 'mentions:30,reviews:60' });
  });
  afterAll(async () => env?.teardown());

  it('purges old items and their closed cases while past trends and digests stay identical', async () => {
    const c = env.container;
    const stored = await storeItems(c, FIXTURE);
    const cases = new CaseRepository(c.databases.cases, { redis: c.redis, prefix: c.config.queue.prefix });
    const itemId = (externalId: string) => String(stored.get(externalId)!._id);
    await c.triage.cases.patch(String(caseIdFor(itemId('M-old-closed'))), { status: 'acknowledged' }, 'lead', NOW);
    await c.triage.cases.patch(String(caseIdFor(itemId('M-old-closed'))), { status: 'resolved' }, 'lead', NOW);

    const range = { interval: 'day' as const, from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') };
    const trendsBefore = { buzz: await c.services.trends.buzz(range), metrics: await c.services.trends.metrics(range), terms: await c.services.trends.terms({ from: range.from, to: range.to }) };
    const { generatedAt: _a, ...digestBefore } = await c.analytics.digests.build('2026-W10', NOW);

    const outcome = await c.privacy.retention.purge(NOW);
    expect(outcome).toEqual({ mention: { items: 3, cases: 1, keptForOpenCases: 1 }, review: { items: 1, cases: 0, keptForOpenCases: 0 } });
    const left = [];
    for await (const i of c.repos.feedback.listAll({}, 100)) left.push(i.externalId);
    expect(left.sort()).toEqual(['M-old-open', 'M-recent', 'R-kept', 'S-old']);
    expect((await cases.find({})).map((k) => k.itemId)).toEqual([itemId('M-old-open')]);

    expect({ buzz: await c.services.trends.buzz(range), metrics: await c.services.trends.metrics(range), terms: await c.services.trends.terms({ from: range.from, to: range.to }) }).toEqual(trendsBefore);
    const { generatedAt: _b, ...digestAfter } = await c.analytics.digests.build('2026-W10', NOW);
    expect(digestAfter).toEqual(digestBefore);
    expect(digestBefore.headline.volume.value).toBeGreaterThan(0);

    // A second run finds nothing; both runs are on the audit log.
    expect(await c.privacy.retention.purge(NOW)).toEqual({ mention: { items: 0, cases: 0, keptForOpenCases: 1 }, review: { items: 0, cases: 0, keptForOpenCases: 0 } });
    expect(await c.privacy.audit.list(10, 'retention')).toHaveLength(2);
  });

  it('runs daily as a job scheduler, removed again when no period is set', async () => {
    const queue = env.container.queues.byName.analytics;
    await startRetentionSchedule(queue, env.config);
    expect(await queue.getJobScheduler(schedulerIds.retentionPurge)).toMatchObject({ name: 'purge-retention', pattern: '15 3 * * *' });
    await startRetentionSchedule(queue, { privacy: { ...env.config.privacy, retentionDays: {} } });
    expect(await queue.getJobScheduler(schedulerIds.retentionPurge)).toBeFalsy();
  });
});
