/**
 * `earshot import` through the real ingest path into MongoDB: rejects with reasons, re-runs
 * without duplicates, JSONL with nested fields, the CLI itself, and a 25,000-row CSV in bounded
 * memory (peak heap growth under 100 MB, as for the 100,000-row run). The volume run (100,000 rows, rows/s) is `npm run bench:import`.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, parseMapping, type ImportDeps } from '../../../src/domain/sources/import-file.service.ts';
import type { StoredSource } from '../../../src/domain/sources/source.repository.ts';
import { importWatchingHeap, writeSurveyCsv } from '../../../bench/survey-csv.ts';
import { startTestEnv, testClassifier, type TestEnv } from '../../support/test-env.ts';

const run = promisify(execFile);
/** Enough rows for many batches (memory stays bounded per batch, not per file); volume is bench:import's. */
const ROWS = 25_000;
let env: TestEnv;
let dir: string;
let deps: ImportDeps;

const newSource = (name: string, extra: Partial<StoredSource> = {}) =>
  env.container.repos.sources.create({ name, type: 'push', url: '', kind: 'survey', label: 'acme-nps', pollIntervalSec: 3600, enabled: true, settings: {}, ...extra });

beforeAll(async () => {
  env = await startTestEnv('import');
  dir = mkdtempSync(join(tmpdir(), 'earshot-import-'));
  const c = env.container;
  deps = { sources: c.repos.sources, authorSalt: c.config.privacy.authorSalt, ingest: { classifier: testClassifier(), feedback: c.repos.feedback, counters: c.repos.counters } };
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await env?.teardown();
});

const SMALL_CSV = [
  'response_id,submitted_at,score,comment,email',
  'a1,2026-11-20T10:00:00Z,9,"Fast delivery, great beans. ""Best"" subscription I have had.",ann@example.com',
  'a2,2026-11-20T11:00:00Z,2,"The app logs me out every day.\nPlease fix it, I cannot order.",bob@example.com',
  'a3,2026-11-20T12:00:00Z,eleven,Score is not a number here,cy@example.com',
  'a4,2026-11-20T13:00:00Z,12,NPS above ten is invalid,di@example.com',
  'a5,not a date,7,Bad date on this row,ed@example.com',
  'a6,2026-11-20T14:00:00Z,5,,fi@example.com',
  'a7,2026-11-20T15:00:00Z,8,Too,many,fields',
  ',2026-11-20T16:00:00Z,8,Missing id,gu@example.com',
  'a9,2026-11-20T17:00:00Z,10,"Call me on +44 20 7946 0958, love the decaf",hi@example.com',
].join('\r\n');

describe('earshot import', () => {
  it('imports valid rows, rejects the rest with reasons, and re-runs without duplicates', async () => {
    const source = await newSource('csv survey');
    const file = join(dir, 'survey.csv');
    writeFileSync(file, SMALL_CSV);
    const mapping = parseMapping('text=comment,nps=score,date=submitted_at,id=response_id,author=email');
    const first = await importFile(deps, { file, sourceId: String(source._id), mapping, batchSize: 2 });
    expect(first).toMatchObject({ rows: 9, accepted: 3, inserted: 3, rejected: 6, rejectFile: `${file}.rejects.jsonl` });
    const rejects = readFileSync(`${file}.rejects.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      // Line numbers count the quoted newline in a2's comment.
      [5, 'nps: "eleven" is not a number'],
      [6, 'nps: Number must be less than or equal to 10'],
      [7, 'date: "not a date" is not a date'],
      [8, 'text: must not be empty'],
      [9, '6 fields where the header has 5'],
      [10, 'id: empty'],
    ]);
    const stored = (await env.container.repos.feedback.list({ sourceId: String(source._id), limit: 10 })).items;
    expect(stored.map((i) => i.nps).sort()).toEqual([10, 2, 9]);
    const multiline = stored.find((i) => i.externalId === 'import-a2')!;
    expect(multiline.text).toBe('The app logs me out every day. Please fix it, I cannot order.');
    expect(stored.find((i) => i.externalId === 'import-a9')!.text).not.toContain('7946');
    expect(stored.every((i) => i.authorHash && !String(i.authorHash).includes('@'))).toBe(true);

    const again = await importFile(deps, { file, sourceId: String(source._id), mapping });
    expect(again).toMatchObject({ accepted: 3, inserted: 0, existing: 3 });
    expect(await env.container.repos.feedback.count({ sourceId: String(source._id) })).toBe(3);
    const health = await env.container.repos.sources.findById(String(source._id));
    expect(health!.stats).toMatchObject({ received: 3, invalid: 12 });
  });

  it('reads JSONL with nested fields, hashes rows without an id, and applies the keyword lists', async () => {
    const source = await newSource('jsonl survey', { exclude: ['test response'] });
    const file = join(dir, 'survey.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ answers: { comment: 'Loved the barista training day, thank you all', nps: 10 } }),
        JSON.stringify({ answers: { comment: 'Loved the barista training day, thank you all', nps: 10 } }),
        JSON.stringify({ answers: { comment: 'This is a test response, ignore', nps: 5 } }),
        '{"answers": ',
        '[1,2]',
        JSON.stringify({ answers: { comment: 'Checkout keeps failing on my phone', nps: 1 } }),
      ].join('\n'),
    );
    const summary = await importFile(deps, { file, sourceId: String(source._id), mapping: parseMapping('text=answers.comment,nps=answers.nps') });
    expect(summary).toMatchObject({ rows: 6, accepted: 2, inserted: 2, excluded: 1, rejected: 2 });
    const again = await importFile(deps, { file, sourceId: String(source._id), mapping: parseMapping('text=answers.comment,nps=answers.nps') });
    expect(again).toMatchObject({ inserted: 0, existing: 2 });
  });

  it('runs as a CLI command with a progress report and a JSON summary', async () => {
    const source = await newSource('cli survey');
    const file = join(dir, 'cli.csv');
    writeFileSync(file, SMALL_CSV);
    const cliEnv = {
      ...process.env,
      NODE_ENV: 'test',
      MONGODB_URI: env.config.mongo.uri,
      REDIS_URL: env.config.redis.url,
      EARSHOT_QUEUE_PREFIX: env.config.queue.prefix,
      EARSHOT_LOG_LEVEL: 'silent',
    };
    const { stdout, stderr } = await run(
      process.execPath,
      ['bin/earshot.js', 'import', file, '--source', String(source._id), '--map', 'text=comment,nps=score,id=response_id', '--rejects', join(dir, 'cli-rejects.jsonl')],
      { env: cliEnv, cwd: process.cwd() },
    );
    expect(JSON.parse(stdout)).toMatchObject({ rows: 9, inserted: 4, rejected: 5, rejectFile: join(dir, 'cli-rejects.jsonl') });
    expect(stderr).toMatch(/import: 100%\s+9 rows/);
    const bad = await run(process.execPath, ['bin/earshot.js', 'import', file, '--source', String(source._id), '--map', 'nps=score'], { env: cliEnv }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
  });

  it(`imports a ${ROWS.toLocaleString('en')}-row CSV with peak heap growth under 100 MB`, async () => {
    const source = await newSource('big survey');
    const file = join(dir, 'big.csv');
    await writeSurveyCsv(file, ROWS);

    const { summary, peakMb, liveMb } = await importWatchingHeap(deps, file, String(source._id));
    console.log(`import ${ROWS} rows: ${summary.rowsPerSec} rows/s, ${summary.seconds.toFixed(1)} s, peak heap growth ${peakMb.toFixed(1)} MB (live after GC: ${liveMb.toFixed(1)} MB)`);
    expect(summary).toMatchObject({ rows: ROWS, accepted: ROWS, inserted: ROWS, rejected: 0 });
    expect(await env.container.repos.feedback.count({ sourceId: String(source._id) })).toBe(ROWS);
    expect(peakMb).toBeLessThan(100);
    expect(liveMb).toBeLessThan(100);
  }, 600_000);
});
