/** A job that ran out of retries, as an alert: one id per failure, and every format says what failed without spike wording. */
import { describe, expect, it } from 'vitest';
import { alertEmail, alertPayload } from '../../../src/domain/alerts/alert-message.ts';
import { failedJobAlert } from '../../../src/domain/alerts/failed-job-alert.ts';
import type { JobAlert } from '../../../src/domain/alerts/job-alert.repository.ts';

const failure: JobAlert = { queue: 'ingest', jobId: 'b-push-0123', job: 'classify-batch', items: 30, label: 'acme', error: 'store unreachable', attemptsMade: 12, at: '2026-08-03T10:15:00.000Z' };
const now = new Date('2026-08-03T10:16:00Z');
const LINK = 'https://earshot.example.com/alerts';

describe('failed batch alert', () => {
  it('has one id per failure: the same failure twice is one alert, a later failure of the same job another', () => {
    const a = failedJobAlert(failure, now);
    expect(a._id).toMatch(/^[a-f0-9]{20}$/);
    expect(failedJobAlert(failure, new Date())._id).toBe(a._id);
    expect(failedJobAlert({ ...failure, at: '2026-08-03T11:00:00.000Z' }, now)._id).not.toBe(a._id);
    expect(a).toMatchObject({ series: 'failed_batch', label: 'acme', figures: { value: 30 }, failure: { items: 30, retry: 'POST /v1/admin/failed/retry' } });
  });

  it('renders webhook, Slack, Teams and e-mail with the items, the error and the retry route, never as a spike', () => {
    const a = failedJobAlert(failure, now);
    const mail = alertEmail(a, LINK);
    for (const text of [JSON.stringify(alertPayload('webhook', a, LINK)), JSON.stringify(alertPayload('slack', a, LINK)), JSON.stringify(alertPayload('teams', a, LINK)), mail.subject + mail.text]) {
      expect(text).toContain('30 items');
      expect(text).toContain('store unreachable');
      expect(text).toContain('POST /v1/admin/failed/retry');
      expect(text).not.toMatch(/spike|volume that hour|robust z/i);
    }
  });
});
