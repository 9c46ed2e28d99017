/**
 * The survey tools teams use, on recorded payloads (test/fixtures/sources/), through the real
 * stores: a signed Typeform webhook, and the CSV exports of Qualtrics (three header rows, UTF-8 with
 * BOM or UTF-16 with `;`), SurveyMonkey (two header rows), Google Forms and a Trustpilot-style
 * review export. NPS and CSAT land on `nps` and `rating`, each open answer is an item linked by
 * its response id, and files that cannot be read name the option to set.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { importFile, parseMapping, type CsvReadOptions, type ImportDeps } from '../../../src/domain/sources/import-file.service.ts';
import { parseCsv } from '../../../src/infra/csv.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { listen, type TestApi } from '../../support/http.ts';
import { ADMIN_KEY, eventually, startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/sources/${name}`, import.meta.url));

let env: TestEnv;
let workers: RunningWorkers;
let api: TestApi;
let deps: ImportDeps;
let dir: string;

beforeAll(async () => {
  env = await startTestEnv('survey_tools');
  workers = await startWorkers(env.container, testClassifier());
  api = await listen(createApp(env.container), ADMIN_KEY);
  const c = env.container;
  deps = { sources: c.repos.sources, authorSalt: c.config.privacy.authorSalt, ingest: { classifier: testClassifier(), feedback: c.repos.feedback, counters: c.repos.counters } };
  dir = mkdtempSync(join(tmpdir(), 'earshot-surveys-'));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await api?.close();
  await workers?.close();
  await env?.teardown();
});

const itemsOf = async (sourceId: string) =>
  (await env.container.repos.feedback.list({ sourceId, limit: 50 })).items.sort((a, b) => a.externalId.localeCompare(b.externalId));

describe('Typeform webhooks', () => {
  const body = fixture('typeform-webhook.json');
  const sign = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;
  const post = (sourceId: string, raw: Buffer, signature?: string) =>
    fetch(`${api.url}/v1/webhooks/${sourceId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'typeform-signature': signature } : {}) }, body: new Uint8Array(raw) });

  it('stores each open answer as an item with the NPS and rating on the first, and refuses a bad signature', async () => {
    const created = await api.request('POST', '/v1/sources', { body: { type: 'typeform', kind: 'survey', label: 'acme' } });
    expect(created.status).toBe(201);
    const { id, webhookSecret } = created.body;
    expect(webhookSecret).toMatch(/^whsec_/);

    expect((await post(id, body)).status).toBe(401);
    expect((await post(id, body, sign('another secret', body))).status).toBe(401);
    const res = await post(id, body, sign(webhookSecret, body));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ received: 2, accepted: 2 });

    await eventually(async () => (await env.container.repos.feedback.count({ sourceId: id })) === 2);
    const [improve, reason] = await itemsOf(id);
    expect(reason).toMatchObject({
      externalId: 'a3a12ec67a1365927098a606107fac15:reason', nps: 9, rating: 4,
      meta: { responseId: 'a3a12ec67a1365927098a606107fac15', question: 'What is the main reason for your score?', form: 'lT4Z3j' },
    });
    expect(reason!.publishedAt.toISOString()).toBe('2026-11-24T09:15:12.000Z');
    expect(improve).toMatchObject({ externalId: 'a3a12ec67a1365927098a606107fac15:improve', meta: { responseId: 'a3a12ec67a1365927098a606107fac15' } });
    expect(improve!.nps).toBeUndefined();
    expect(reason!.authorHash).toBe(improve!.authorHash);
    expect(reason!.authorHash).not.toContain('@');

    // Typeform resends a response it is not sure arrived: stored and counted once.
    const again = await post(id, body, sign(webhookSecret, body));
    expect(await again.json()).toMatchObject({ received: 2, redelivered: 2, accepted: 0 });
    expect((await api.request('GET', `/v1/sources/${id}`)).body.stats.received).toBe(2);
  });
});

describe('survey and review exports', () => {
  const source = async (kind: 'survey' | 'review') =>
    String((await env.container.repos.sources.create({ name: kind, type: 'push', url: '', kind, label: 'acme', pollIntervalSec: 3600, enabled: true, settings: {} }))._id);
  const run = async (name: string, content: Buffer | string, read: CsvReadOptions, map = '', kind: 'survey' | 'review' = 'survey') => {
    const sourceId = await source(kind);
    const file = join(dir, name);
    writeFileSync(file, content);
    const summary = await importFile(deps, { file, sourceId, mapping: parseMapping(map, { requireText: false }), read });
    return { sourceId, summary, items: await itemsOf(sourceId) };
  };

  const QUALTRICS_TEXTS = [
    'Friendly staff, and the oat flat white is the best in town.',
    'Open earlier on Saturdays.',
    'My order arrived cold and nobody answered my e-mail about it.',
  ];
  const checkQualtrics = (r: Awaited<ReturnType<typeof run>>) => {
    // The third response has no open answer: rejected with the reason, not stored.
    expect(r.summary).toMatchObject({ rows: 3, accepted: 3, inserted: 3, rejected: 1 });
    expect(r.items.map((i) => i.text).sort()).toEqual([...QUALTRICS_TEXTS].sort());
    const ann = r.items.filter((i) => i.meta?.responseId === 'R_1Fz8kQ2wXyA3bCd');
    expect(ann).toHaveLength(2);
    expect(ann.map((i) => i.nps ?? null).sort()).toEqual([10, null]);
    expect(ann.find((i) => i.nps === 10)!.meta).toMatchObject({ question: 'What is the main reason for your score?' });
    expect(r.items.find((i) => i.meta?.responseId === 'R_2Gx9mR3vYzB4cDe')).toMatchObject({ nps: 3, text: QUALTRICS_TEXTS[2] });
    expect(r.items[0]!.publishedAt.getUTCHours()).toBeGreaterThanOrEqual(9);
  };

  it('reads a Qualtrics export (UTF-8 with BOM, three header rows): NPS, CSAT and one item per open answer', async () => {
    const r = await run('qualtrics.csv', fixture('qualtrics-export.csv'), { format: 'qualtrics' }, 'rating=Q4');
    checkQualtrics(r);
    expect(r.items.find((i) => i.nps === 10)!.rating).toBe(5);
    const bob = r.items.find((i) => i.nps === 3)!;
    expect(bob.publishedAt.toISOString()).toBe('2026-11-24T10:16:31.000Z');
  });

  it('reads the same export saved as UTF-16 with semicolons', async () => {
    const rows = parseCsv(fixture('qualtrics-export.csv').toString('utf8')).map((r) => r.fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(';'));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows.join('\r\n'), 'utf16le')]);
    checkQualtrics(await run('qualtrics-utf16.csv', utf16, { format: 'qualtrics' }));
  });

  it('reads a SurveyMonkey export (two header rows)', async () => {
    const r = await run('surveymonkey.csv', fixture('surveymonkey-export.csv'), { format: 'surveymonkey' });
    expect(r.summary).toMatchObject({ rows: 2, accepted: 3, inserted: 3, rejected: 0 });
    const first = r.items.filter((i) => i.meta?.responseId === '114385218374');
    expect(first.map((i) => i.text).sort()).toEqual(['Please bring back the winter blend.', 'The baristas remember my order and the beans are always fresh.']);
    expect(first.find((i) => i.nps === 9)!.meta!.question).toBe('What is the primary reason for your score?');
    expect(r.items.find((i) => i.meta?.responseId === '114385225911')).toMatchObject({ nps: 2, text: 'Third delivery this month that arrived late and damaged.' });
    expect(r.items.find((i) => i.nps === 2)!.publishedAt.toISOString()).toBe('2026-11-24T13:22:05.000Z');
  });

  it('reads a Google Forms responses sheet', async () => {
    const r = await run('forms.csv', fixture('google-forms-responses.csv'), { format: 'google-forms' });
    expect(r.summary).toMatchObject({ rows: 2, accepted: 3, inserted: 3 });
    expect(r.items.find((i) => i.nps === 10)).toMatchObject({ text: 'Nothing really, the subscription just works.', meta: { question: 'What should we improve?' } });
    expect(r.items.filter((i) => i.nps === 4)).toHaveLength(1);
    expect(r.items.find((i) => i.nps === 4)!.publishedAt.toISOString()).toBe('2026-11-24T14:02:47.000Z');
  });

  it('reads a Trustpilot-style review export: stars as rating, title joined to the text', async () => {
    const r = await run('trustpilot.csv', fixture('trustpilot-reviews.csv'), { format: 'trustpilot' }, '', 'review');
    expect(r.summary).toMatchObject({ rows: 2, accepted: 2, inserted: 2 });
    expect(r.items.map((i) => [i.externalId, i.rating, i.text])).toEqual([
      ['import-6743b1f2a9c0e51d2c8e4f10', 1, 'Never going back! Ordered two bags for a gift, one arrived split open and support never replied.'],
      ['import-6743c0a7b8d1f62e3d9f5a21', 5, 'Great beans. Fresh, well packed and delivered a day early. Will order again.'],
    ]);
  });

  it('names the option to set when a file cannot be read', async () => {
    const fail = (name: string, content: Buffer | string, read: CsvReadOptions, map = '') => run(name, content, read, map).then(() => 'read', (e: Error) => e.message);
    const legacy = fixture('qualtrics-export.csv').toString('utf8').split('\n').filter((_l, i) => i !== 2).join('\n');
    expect(await fail('legacy.csv', legacy, { format: 'qualtrics' })).toMatch(/header row 3 of a Qualtrics export .* set --header-rows/);
    expect(await fail('semicolons.csv', 'id;comment;score\n1;Fine;9\n', { delimiter: ',' }, 'text=comment')).toMatch(/single column holding ";": set --delimiter/);
    expect(await fail('utf16-no-bom.csv', Buffer.from('id,comment\n1,Fine\n', 'utf16le'), {}, 'text=comment')).toMatch(/UTF-16 without a byte-order mark: set --encoding/);
    expect(await fail('latin1.csv', Buffer.from('id,comment\n1,Caf\xe9 was great\n', 'latin1'), {}, 'text=comment')).toMatch(/not valid utf-8 .*: set --encoding/);
    expect(await fail('monkey-one-row.csv', fixture('surveymonkey-export.csv'), { format: 'surveymonkey', headerRows: 1 })).toMatch(/header row 2 of a SurveyMonkey export .* set --header-rows/);
    // …and reads it once the option is set.
    const latin = await run('latin1-ok.csv', Buffer.from('id,comment\n1,Caf\xe9 cr\xe8me was great\n', 'latin1'), { encoding: 'latin1' }, 'text=comment');
    expect(latin.items.map((i) => i.text)).toEqual(['Café crème was great']);
  });
});
