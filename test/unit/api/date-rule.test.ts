import { describe, expect, it } from 'vitest';
import { dateInput, isoInstant } from '../../../src/domain/date-rule.ts';
import { incomingItemSchema } from '../../../src/domain/feedback/incoming-item.ts';
import { parseJobPayload } from '../../../src/queue/jobs.ts';

const job = (publishedAt: string) => ({
  batchId: 'b-1',
  sourceId: 'push',
  label: 'acme',
  kind: 'survey',
  items: [{ externalId: 'x', text: 'hi', authorHash: null, publishedAt }],
});

describe('one date rule for the API and the job payloads', () => {
  const inputs = ['-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '1969-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-11-20T10:00:00+02:00', '9999-12-31T23:59:59Z', '10000-01-01', 'yesterday'];

  it('accepts at the API exactly the dates a job payload accepts', () => {
    for (const input of inputs) {
      const api = incomingItemSchema.safeParse({ externalId: 'x', text: 'hi', publishedAt: input });
      const queued = api.success ? (() => { try { parseJobPayload('classify-batch', job(api.data.publishedAt!.toISOString())); return true; } catch { return false; } })() : false;
      expect({ input, api: api.success, queued }).toEqual({ input, api: api.success, queued: api.success });
    }
    expect(dateInput().safeParse('1970-01-01T00:00:00Z').success).toBe(true);
    expect(dateInput().safeParse('-000001-01-01T00:00:00Z').success).toBe(false);
    expect(isoInstant().safeParse('-000001-01-01T00:00:00.000Z').success).toBe(false);
    expect(isoInstant().safeParse('2026-11-20T10:00:00.000Z').success).toBe(true);
  });
});
