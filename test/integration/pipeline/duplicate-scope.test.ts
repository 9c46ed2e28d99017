/**
 * Duplicate detection never removes a distinct survey response or review, through the real ingest
 * step (Redis claims, MongoDB items, trend counters): the same comment from two respondents or with
 * two scores, and the same complaint sent to two brands, are all counted; a cross-post and a
 * response that came in twice are stored as duplicates with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch, itemIdFor, type IngestDeps } from '../../../src/domain/feedback/ingest-batch.service.ts';
import type { FeedbackKind } from '../../../src/domain/classification/classification.types.ts';
import type { JobPayload, QueuedItem } from '../../../src/queue/jobs.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

let env: TestEnv;
let deps: IngestDeps;

const publishedAt = new Date(Date.now() - 3_600_000).toISOString();
function batch(sourceId: string, label: string, kind: FeedbackKind, items: Array<Partial<QueuedItem> & { externalId: string; text: string }>): JobPayload<'classify-batch'> {
  return { batchId: `${sourceId}-${items[0]!.externalId}`, sourceId, label, kind, items: items.map((i) => ({ authorHash: null, publishedAt, ...i })) };
}
const stored = async (sourceId: string, externalId: string) => (await env.container.repos.feedback.findByIds([itemIdFor(sourceId, externalId)]))[0]!;

beforeAll(async () => {
  env = await startTestEnv('dup_scope');
  deps = { classifier: testClassifier(), feedback: env.container.repos.feedback, counters: env.container.repos.counters };
});

afterAll(async () => {
  await env?.teardown();
});

describe('duplicate scope', () => {
  const COMMENT = 'Friendly staff but the app keeps losing my loyalty points every time';

  it('counts two respondents who wrote the same comment with NPS 10 and 3, and an anonymous third', async () => {
    const outcome = await ingestBatch(deps, batch('nps-survey', 'acme', 'survey', [
      { externalId: 'resp-1', text: COMMENT, nps: 10, authorHash: 'respondent-a' },
      { externalId: 'resp-2', text: COMMENT, nps: 3, authorHash: 'respondent-b' },
      { externalId: 'resp-3', text: COMMENT, nps: 3 },
    ]));
    expect(outcome).toMatchObject({ inserted: 3, counted: 3, duplicates: 0 });
  });

  it('stores a response that came in twice (webhook, then the export) as a duplicate, with the reason', async () => {
    const outcome = await ingestBatch(deps, batch('nps-export', 'acme', 'survey', [{ externalId: 'import-resp-1', text: COMMENT, nps: 10, authorHash: 'respondent-a' }]));
    expect(outcome).toMatchObject({ inserted: 1, counted: 0, duplicates: 1 });
    expect(await stored('nps-export', 'import-resp-1')).toMatchObject({ duplicateOf: String(itemIdFor('nps-survey', 'resp-1')), duplicateReason: 'same-response' });
    expect(await stored('nps-survey', 'resp-2')).toMatchObject({ duplicateOf: null, duplicateReason: null });
  });

  it('keeps reviews with another author or rating, and marks a syndicated copy', async () => {
    const text = 'Beans arrived stale and the grinder setting advice on the bag was wrong';
    expect(await ingestBatch(deps, batch('appstore', 'acme', 'review', [
      { externalId: 'rv-1', text, rating: 2, authorHash: 'author-a' },
      { externalId: 'rv-2', text, rating: 1, authorHash: 'author-a' },
      { externalId: 'rv-3', text, rating: 2, authorHash: 'author-b' },
    ]))).toMatchObject({ counted: 3, duplicates: 0 });
    expect(await ingestBatch(deps, batch('trustpilot', 'acme', 'review', [{ externalId: 'tp-1', text: `${text}!`, rating: 2, authorHash: 'author-a' }]))).toMatchObject({ counted: 0, duplicates: 1 });
    expect((await stored('trustpilot', 'tp-1')).duplicateReason).toBe('same-review');
  });

  it('counts the same complaint sent to two brands for each, and a cross-post once', async () => {
    const complaint = '@acme @globex my parcel was left in the rain again and everything is soaked';
    expect(await ingestBatch(deps, batch('bluesky-acme', 'acme', 'mention', [{ externalId: 'p1', text: complaint, authorHash: 'kit-bsky' }]))).toMatchObject({ counted: 1 });
    expect(await ingestBatch(deps, batch('bluesky-globex', 'globex', 'mention', [{ externalId: 'p1', text: complaint, authorHash: 'kit-bsky' }]))).toMatchObject({ counted: 1, duplicates: 0 });
    const toot = `${complaint.replace('@acme @globex', '@acme@mastodon.social')} #acme #delivery`;
    expect(await ingestBatch(deps, batch('mastodon-acme', 'acme', 'mention', [{ externalId: 't1', text: toot, authorHash: 'kit-mastodon' }]))).toMatchObject({ counted: 0, duplicates: 1 });
    expect(await stored('mastodon-acme', 't1')).toMatchObject({ duplicateOf: String(itemIdFor('bluesky-acme', 'p1')), duplicateReason: 'cross-post' });
  });
});
