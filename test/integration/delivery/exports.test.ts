/**
 * CSV exports and the `label` and `q` filters, through the real API on stored items and cases:
 * every matching row streamed across pages, RFC 4180 escaping that round-trips through our reader,
 * formula-looking text neutralised, bad parameters named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import type { Classification } from '../../../src/domain/classification/classification.types.ts';
import type { FeedbackItemDoc } from '../../../src/domain/feedback/feedback-item.model.ts';
import { storeAndCount } from '../../../src/domain/feedback/ingest-batch.service.ts';
import { dayKey, hourKey, isoWeekKey } from '../../../src/domain/trends/buckets.ts';
import { parseCsv } from '../../../src/infra/csv.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { VIEWER_KEY, startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { complaint, satisfied } from '../triage/triage-fixtures.ts';

const T0 = Date.UTC(2026, 10, 2, 9);
const TRICKY = [
  '=HYPERLINK("http://evil.example","click")',
  '+1 555 call me, "now"',
  '-5 stars\nsecond line',
  '@team Checkout broken; card CHARGED twice',
  'Refunded (finally) after 3 weeks, price*2?',
];

function doc(label: string, n: number, text: string, classification: Classification): FeedbackItemDoc {
  const at = new Date(T0 + n * 60_000);
  return {
    sourceId: `src-${label}`,
    label,
    kind: 'mention',
    externalId: `${label}-${n}`,
    authorHash: null,
    text,
    language: 'en',
    publishedAt: at,
    ingestedAt: at,
    hour: hourKey(at),
    day: dayKey(at),
    week: isoWeekKey(at),
    classification,
    modelVersion: 'fixture',
  };
}

async function csv(api: TestApi, path: string): Promise<{ status: number; type: string | null; raw: string; rows: string[][] }> {
  const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${VIEWER_KEY}` } });
  // Decoded by hand: fetch's text() would drop the byte-order mark.
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), raw, rows: parseCsv(raw).map((r) => r.fields) };
}

describe('exports and item filters', () => {
  let env: TestEnv;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('delivery_exports');
    const c = env.container;
    // 1,100 acme items (more than two export pages), the tricky ones among them, and 20 rival items.
    const acme = Array.from({ length: 1100 }, (_, n) =>
      n < TRICKY.length ? doc('acme', n, TRICKY[n]!, complaint('instrumental')) : doc('acme', n, `Nice coffee number ${n}`, satisfied()),
    );
    const rival = Array.from({ length: 20 }, (_, n) => doc('rival', n, n % 2 ? 'Rival checkout broken too' : 'Rival latte', n % 2 ? complaint('instrumental') : satisfied()));
    const all = [...acme, ...rival];
    for (let k = 0; k < all.length; k += 500) {
      await storeAndCount({ feedback: c.repos.feedback, counters: c.repos.counters, onStored: c.triage.listeners }, `exports|${k}`, all.slice(k, k + 500));
    }
    api = await listen(createApp(c), VIEWER_KEY);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  it('filters items by label and by every search term, ignoring case', async () => {
    const rival = await api.request('GET', '/v1/items?label=rival&limit=100');
    expect(rival.status).toBe(200);
    expect(rival.body.items).toHaveLength(20);
    expect(new Set(rival.body.items.map((i: { label: string }) => i.label))).toEqual(new Set(['rival']));

    const checkout = await api.request('GET', `/v1/items?q=${encodeURIComponent('CHECKOUT broken')}&limit=100`);
    expect(checkout.body.items).toHaveLength(11); // one acme, ten rival
    const both = await api.request('GET', `/v1/items?label=acme&q=${encodeURIComponent('"card charged" checkout')}`);
    expect(both.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['acme-3']);
    // Regular-expression characters are taken literally.
    const literal = await api.request('GET', `/v1/items?q=${encodeURIComponent('(finally) price*2?')}`);
    expect(literal.body.items.map((i: { externalId: string }) => i.externalId)).toEqual(['acme-4']);
    expect((await api.request('GET', '/v1/items?q=a.c')).body.items).toEqual([]);
  });

  it('names bad filter and export parameters', async () => {
    const cases: Array<[string, string]> = [
      ['/v1/items?q=', 'query.q'],
      [`/v1/items?q=${encodeURIComponent('a b c d e f g h i')}`, 'query.q'],
      [`/v1/items?q=${'x'.repeat(201)}`, 'query.q'],
      ['/v1/items?q=ok%20x', 'query.q'],
      ['/v1/items?label=', 'query.label'],
      ['/v1/items?format=xlsx', 'query.format'],
      ['/v1/items?format=csv&limit=10', 'query.limit'],
      ['/v1/cases?format=csv&cursor=abc', 'query.cursor'],
    ];
    for (const [path, field] of cases) {
      const res = await api.request('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field), path).toContain(field);
    }
  });

  it('streams every matching item as CSV, newest first, with the same filters', async () => {
    const all = await csv(api, '/v1/items?format=csv&label=acme');
    expect(all.status).toBe(200);
    expect(all.type).toBe('text/csv; charset=utf-8');
    expect(all.raw.startsWith('\uFEFFid,publishedAt,')).toBe(true);
    const [header, ...rows] = all.rows;
    expect(rows).toHaveLength(1100);
    const col = (name: string) => header!.indexOf(name);
    expect(rows[0]![col('externalId')]).toBe('acme-1099');
    expect(rows.at(-1)![col('externalId')]).toBe('acme-0');
    expect(new Set(rows.map((r) => r[col('externalId')])).size).toBe(1100);

    const filtered = await csv(api, `/v1/items?format=csv&q=checkout&category=complaint`);
    expect(filtered.rows.slice(1).map((r) => r[col('label')]).sort()).toEqual(['acme', ...Array(10).fill('rival')]);
  });

  it('escapes commas, quotes and line breaks, and neutralises formulas', async () => {
    const { rows } = await csv(api, '/v1/items?format=csv&label=acme&category=complaint');
    const header = rows[0]!;
    const text = new Map(rows.slice(1).map((r) => [r[header.indexOf('externalId')], r[header.indexOf('text')]]));
    expect(text.get('acme-0')).toBe(`'${TRICKY[0]}`);
    expect(text.get('acme-1')).toBe(`'${TRICKY[1]}`);
    expect(text.get('acme-2')).toBe(`'${TRICKY[2]}`);
    expect(text.get('acme-3')).toBe(`'${TRICKY[3]}`);
    expect(text.get('acme-4')).toBe(TRICKY[4]);
    // Numbers stay numbers: a negative score is not prefixed.
    const score = rows[1]![header.indexOf('sentimentScore')]!;
    expect(score).toMatch(/^-0\.\d+$/);
  });

  it('exports the triage queue as CSV in priority order, with its filters', async () => {
    const json = await api.request('GET', '/v1/cases?status=all&limit=200');
    expect(json.status).toBe(200);
    const { status, type, rows } = await csv(api, '/v1/cases?format=csv&status=all');
    expect(status).toBe(200);
    expect(type).toBe('text/csv; charset=utf-8');
    const [header, ...body] = rows;
    expect(body.map((r) => r[header!.indexOf('id')])).toEqual(json.body.cases.map((c: { id: string }) => c.id));
    expect(body.length).toBeGreaterThan(0);
    const sourceFiltered = await csv(api, '/v1/cases?format=csv&status=all&source=src-rival');
    expect(sourceFiltered.rows.slice(1).every((r) => r[header!.indexOf('label')] === 'rival')).toBe(true);
    expect(sourceFiltered.rows.length - 1).toBe(json.body.cases.filter((c: { source: { label: string } }) => c.source.label === 'rival').length);
  });
});
