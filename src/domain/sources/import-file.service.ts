/**
 * `earshot import`: streams a CSV or JSONL file of survey responses or reviews (our own columns, or
 * a survey tool's export as it comes: see survey-exports.ts) into a source through the
 * worker's own steps (validate → keyword lists → privacy → buildItemDocs → storeAndCount:
 * insert-only store, duplicate fingerprints, exactly-once counters; see ingest-batch.service.ts).
 * Memory stays bounded: at most STORE_EVERY_ITEMS classified rows held, rejects written as they
 * come. Re-runnable: each row's id is its id column, or a hash of its mapped values, so a second
 * run inserts and counts nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { incomingItemSchema } from '../feedback/incoming-item.ts';
import { buildItemDocs, storeAndCount, type IngestDeps, type NewItemDoc } from '../feedback/ingest-batch.service.ts';
import { prepareItem } from '../feedback/prepare-item.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';
import type { QueuedItem } from '../../queue/jobs.ts';
import { csvRecords } from '../../infra/csv.ts';
import { ImportError, rowToItems, type ImportMapping } from './import-mapping.ts';
import { keywordFilter } from './keyword-filter.ts';
import type { SourceRepository } from './source.repository.ts';
import { HEADER_ROWS, exportLayout, type ExportFormat } from './survey-exports.ts';

export { ImportError, parseMapping, type ImportMapping } from './import-mapping.ts';

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  rejected: number;
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  inserted: number;
  existing: number;
  duplicates: number;
  excluded: number;
  rejected: number;
  rejectFile: string | null;
  seconds: number;
  rowsPerSec: number;
}

export interface ImportDeps {
  sources: SourceRepository;
  ingest: IngestDeps;
  authorSalt: string;
}

/**
 * Classified documents are stored and counted this many at a time (through storeAndCount, the
 * worker's own exactly-once step): one counters update per group instead of per 1,000-row batch,
 * the memory bound above (the cost per counters update: src/domain/trends/rollup-store.ts).
 */
const STORE_EVERY_ITEMS = 5_000;

export interface ImportOptions {
  file: string;
  sourceId: string;
  /** Item field → column; for a survey tool's export (`read.format`) only what overrides its detection. */
  mapping: ImportMapping;
  /** CSV only: the export format, delimiter, header rows and encoding (each detected when not given). */
  read?: CsvReadOptions;
  /** Where rejected rows go (JSON lines: line, reason, row); default `<file>.rejects.jsonl`. */
  rejectFile?: string;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

/** A data row with the mapping that reads it (a CSV's is completed from its header rows), or why it cannot be read. */
type Row = { line: number; values: Record<string, unknown>; mapping?: ImportMapping } | { line: number; error: string; raw: string };

export const FILE_ENCODINGS = { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', latin1: 'windows-1252' } as const;
export type FileEncoding = keyof typeof FILE_ENCODINGS;

/** How to read a CSV file; each is detected when not given (the encoding from its byte-order mark). */
export interface CsvReadOptions {
  format?: ExportFormat;
  delimiter?: ',' | ';' | '\t';
  headerRows?: number;
  encoding?: FileEncoding;
}

const ENCODING_HELP = `set --encoding (${Object.keys(FILE_ENCODINGS).join(', ')})`;

/** The file's text: UTF-8 unless a byte-order mark or `encoding` says otherwise; bytes that do not decode are an ImportError naming --encoding. */
async function* fileChunks(file: string, encoding: FileEncoding | undefined, onBytes: (n: number) => void): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let offset = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const buf = chunk as Buffer;
    if (!decoder) {
      const bom = buf[0] === 0xff && buf[1] === 0xfe ? 'utf16le' : buf[0] === 0xfe && buf[1] === 0xff ? 'utf16be' : undefined;
      const chosen = encoding ?? bom ?? 'utf8';
      // UTF-16 without a byte-order mark reads as UTF-8 full of NUL bytes.
      if (!encoding && !bom && buf.subarray(0, 4096).includes(0)) throw new ImportError(`the file looks like UTF-16 without a byte-order mark: ${ENCODING_HELP}`);
      decoder = new TextDecoder(FILE_ENCODINGS[chosen], { fatal: true });
    }
    onBytes(buf.length);
    try {
      yield decoder.decode(buf, { stream: true });
    } catch {
      throw new ImportError(`the file is not valid ${decoder.encoding} (near byte ${offset}): ${ENCODING_HELP}`);
    }
    offset += buf.length;
  }
  const rest = decoder?.decode();
  if (rest) yield rest;
}

/** The delimiter of a header line: the most frequent of comma, semicolon and tab outside quotes. */
function detectDelimiter(line: string): ',' | ';' | '\t' {
  const unquoted = line.replace(/"[^"]*"/g, '');
  const counts = ([',', ';', '\t'] as const).map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  return counts.reduce((best, c) => (c.n > best.n ? c : best), { d: ',' as const, n: 0 } as { d: ',' | ';' | '\t'; n: number }).d;
}

async function* csvRows(file: string, mapping: ImportMapping, read: CsvReadOptions, onBytes: (n: number) => void): AsyncGenerator<Row> {
  const format = read.format ?? 'csv';
  const headerCount = read.headerRows ?? HEADER_ROWS[format];
  const chunks = fileChunks(file, read.encoding, onBytes);
  // The delimiter is read off the first line, so the first chunk is looked at before parsing.
  const head = await chunks.next();
  const firstText = head.done ? '' : head.value;
  const delimiter = read.delimiter ?? detectDelimiter(firstText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');
  async function* all(): AsyncGenerator<string> {
    if (firstText) yield firstText;
    yield* chunks;
  }
  const headerRows: string[][] = [];
  let columns: string[] | undefined;
  for await (const record of csvRecords(all(), delimiter)) {
    if (!columns) {
      headerRows.push(record.fields);
      if (headerRows.length === 1 && record.fields.length === 1) {
        const other = ([',', ';', '\t'] as const).find((d) => d !== delimiter && record.fields[0]!.includes(d));
        if (other) throw new ImportError(`the header is a single column holding "${other === '\t' ? '\\t' : other}": set --delimiter`);
      }
      if (headerRows.length < headerCount) continue;
      const layout = exportLayout(format, headerRows, mapping);
      columns = layout.columns;
      mapping = layout.mapping;
      continue;
    }
    if (record.error) {
      yield { line: record.line, error: record.error, raw: record.fields.join(delimiter).slice(0, 500) };
      continue;
    }
    if (record.fields.length !== columns.length) {
      yield { line: record.line, error: `${record.fields.length} fields where the header has ${columns.length}`, raw: record.fields.join(delimiter).slice(0, 500) };
      continue;
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) values[columns[i]!] = record.fields[i];
    yield { line: record.line, values, mapping };
  }
  if (!columns) throw new ImportError(`the file has ${headerRows.length} of the ${headerCount} header rows ${format === 'csv' ? 'expected' : `a ${format} export has`}: set --header-rows`);
}

async function* jsonlRows(file: string, onBytes: (n: number) => void): AsyncGenerator<Row> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  stream.on('data', (chunk) => onBytes(Buffer.byteLength(chunk as string)));
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, error: 'not a JSON object', raw: text.slice(0, 500) };
      else yield { line, values: value as Record<string, unknown> };
    } catch (err) {
      yield { line, error: `not JSON: ${(err as Error).message}`, raw: text.slice(0, 500) };
    }
  }
}

export async function importFile(deps: ImportDeps, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const source = await deps.sources.findById(options.sourceId);
  if (!source) throw new ImportError(`no source ${options.sourceId}`);
  const format = /\.csv$/i.test(options.file) ? 'csv' : /\.(jsonl|ndjson)$/i.test(options.file) ? 'jsonl' : null;
  if (!format) throw new ImportError('the file must end in .csv, .jsonl or .ndjson');
  if (format === 'jsonl' && options.mapping.text.length === 0) throw new ImportError('--map: text=<field> is required');
  const totalBytes = statSync(options.file).size;
  const batchSize = options.batchSize ?? 1000;
  const filter = keywordFilter(source.include, source.exclude);
  const rejectPath = options.rejectFile ?? `${options.file}.rejects.jsonl`;
  const now = new Date();

  let bytes = 0;
  const progress = { rows: 0, accepted: 0, inserted: 0, existing: 0, duplicates: 0, excluded: 0, rejected: 0 };
  let rejects: WriteStream | undefined;
  const reject = async (line: number, reason: string, row: unknown) => {
    progress.rejected++;
    rejects ??= createWriteStream(rejectPath, { flags: 'w' });
    if (!rejects.write(`${JSON.stringify({ line, reason, row })}\n`)) await once(rejects, 'drain');
  };

  const sourceId = String(source._id);
  let built: NewItemDoc[] = [];
  const store = async () => {
    if (built.length === 0) return;
    const docs = built;
    built = [];
    // The key names exactly these rows, so a re-run of the same file finds them stored and counted.
    const key = `${sourceId}|import-${createHash('sha1').update(docs.map((d) => d.externalId).join('\n')).digest('hex').slice(0, 24)}`;
    const outcome = await storeAndCount(deps.ingest, key, docs);
    progress.inserted += outcome.inserted;
    progress.existing += outcome.existing;
    progress.duplicates += outcome.duplicates;
  };

  let pending: QueuedItem[] = [];
  let pendingIds = new Set<string>();
  const flush = async () => {
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    pendingIds = new Set();
    built.push(...buildItemDocs(deps.ingest.classifier, { batchId: 'import', sourceId, label: source.label, kind: source.kind as FeedbackKind, items }, now));
    if (built.length >= STORE_EVERY_ITEMS) await store();
    options.onProgress?.({ bytes, totalBytes, rows: progress.rows, rejected: progress.rejected });
  };

  const onBytes = (n: number) => {
    bytes += n;
  };
  const rows = format === 'csv' ? csvRows(options.file, options.mapping, options.read ?? {}, onBytes) : jsonlRows(options.file, onBytes);
  try {
    for await (const row of rows) {
      progress.rows++;
      if ('error' in row) {
        await reject(row.line, row.error, row.raw);
        continue;
      }
      const mapped = rowToItems(row.values, row.mapping ?? options.mapping);
      if ('reason' in mapped) {
        await reject(row.line, mapped.reason, row.values);
        continue;
      }
      for (const item of mapped.items) {
        const parsed = incomingItemSchema.safeParse({ ...item, kind: source.kind });
        if (!parsed.success) {
          await reject(row.line, parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '), row.values);
          continue;
        }
        if (!filter.accepts(parsed.data.text)) {
          progress.excluded++;
          continue;
        }
        // The same row twice in one batch would race itself in the bulk insert; across batches the insert absorbs it.
        if (pendingIds.has(parsed.data.externalId)) continue;
        pendingIds.add(parsed.data.externalId);
        pending.push(prepareItem(parsed.data, deps.authorSalt, now));
        progress.accepted++;
        if (pending.length >= batchSize) await flush();
      }
    }
    await flush();
    await store();
  } finally {
    if (rejects) {
      rejects.end();
      await once(rejects, 'close');
    }
  }
  await deps.sources.recordReceived(source, { received: progress.inserted, excluded: progress.excluded, invalid: progress.rejected }, new Date());
  const seconds = (Date.now() - started) / 1000;
  return { ...progress, rejectFile: rejects ? rejectPath : null, seconds, rowsPerSec: Math.round(progress.rows / Math.max(seconds, 0.001)) };
}
