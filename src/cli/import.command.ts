/**
 * `earshot import <file.csv|file.jsonl> --source <id> --map text=comment,nps=score,...`, or a survey
 * tool's export as it comes: `--format qualtrics|surveymonkey|google-forms|trustpilot` (then --map
 * only overrides what is detected).
 * Streams the file into the source (any size, bounded memory), draws a progress bar on stderr,
 * writes rejected rows with their reasons to a reject file, and prints a JSON summary on stdout.
 * Re-running the same file adds nothing: rows upsert on their id (the `id` column, or a hash).
 */
import { loadConfig } from '../../config/load-config.ts';
import { loadClassifier, MODEL_PATHS } from '../domain/classification/index.ts';
import { FILE_ENCODINGS, ImportError, importFile, parseMapping, type CsvReadOptions, type FileEncoding, type ImportProgress } from '../domain/sources/import-file.service.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../domain/sources/survey-exports.ts';
import { buildContainer } from '../app/compose.ts';
import { UsageError, type CliCommand, type CommandArgs } from './cli-command.ts';

const USAGE = `usage: earshot import <file.csv|file.jsonl> --source <sourceId> --map text=<column>[|<column>…][,nps=<column>,rating=…,date=…,id=…,author=…,url=…,reach=…,title=…]
                      [--format ${EXPORT_FORMATS.join('|')}] [--delimiter ','|';'|tab] [--header-rows <n>] [--encoding ${Object.keys(FILE_ENCODINGS).join('|')}]
                      [--rejects <file>] [--batch-size <n>]
`;

/** The CSV reading options from the command line, or the message naming the one that is wrong. */
function readOptions(v: { format?: string; delimiter?: string; 'header-rows'?: string; encoding?: string }): CsvReadOptions | string {
  const out: CsvReadOptions = {};
  if (v.format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(v.format)) return `--format: one of ${EXPORT_FORMATS.join(', ')}`;
    out.format = v.format as ExportFormat;
  }
  if (v.delimiter !== undefined) {
    const d = v.delimiter === 'tab' || v.delimiter === '\\t' ? '\t' : v.delimiter;
    if (d !== ',' && d !== ';' && d !== '\t') return "--delimiter: ',', ';' or tab";
    out.delimiter = d;
  }
  if (v['header-rows'] !== undefined) {
    const n = Number(v['header-rows']);
    if (!Number.isInteger(n) || n < 1 || n > 10) return '--header-rows: a whole number from 1 to 10';
    out.headerRows = n;
  }
  if (v.encoding !== undefined) {
    if (!(v.encoding in FILE_ENCODINGS)) return `--encoding: one of ${Object.keys(FILE_ENCODINGS).join(', ')}`;
    out.encoding = v.encoding as FileEncoding;
  }
  return out;
}

/** A progress bar on a terminal; occasional plain lines when stderr is a file or a pipe. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  return {
    update(p: ImportProgress, final = false) {
      const fraction = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1;
      const rate = Math.round(p.rows / Math.max(0.001, (Date.now() - started) / 1000));
      const text = `${(fraction * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s  ${p.rejected.toLocaleString('en')} rejected`;
      if (stream.isTTY) {
        if (!final && Date.now() - lastDraw < 100) return;
        lastDraw = Date.now();
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}${final ? '\n' : ''}`);
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile || final) {
          lastDecile = decile;
          stream.write(`import: ${text}\n`);
        }
      }
    },
  };
}

export const command: CliCommand = {
  usage: USAGE,
  options: {
    source: { type: 'string' },
    map: { type: 'string' },
    rejects: { type: 'string' },
    'batch-size': { type: 'string' },
    format: { type: 'string' },
    delimiter: { type: 'string' },
    'header-rows': { type: 'string' },
    encoding: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  run: importCommand,
};

async function importCommand({ values, positionals }: CommandArgs): Promise<number> {
  const file = positionals[0]!;
  const source = values.source as string | undefined;
  const map = values.map as string | undefined;
  const read = readOptions(values as { format?: string; delimiter?: string; 'header-rows'?: string; encoding?: string });
  if (typeof read === 'string') throw new UsageError(read);
  // A survey tool's export says where its answers are: --map only overrides.
  const detects = read.format !== undefined && read.format !== 'csv';
  if (!source) throw new UsageError('--source is required');
  if (!map && !detects) throw new UsageError('--map is required (or --format of a survey tool export)');
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new UsageError('--batch-size: a whole number from 1 to 1000');
  let mapping;
  try {
    mapping = parseMapping(map ?? '', { requireText: !detects });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const config = loadConfig();
  const classifier = loadClassifier(MODEL_PATHS[config.classifier.model], { scoredLanguages: config.classifier.scoredLanguages });
  const container = await buildContainer(config);
  const bar = progressReporter();
  let last: ImportProgress | undefined;
  try {
    const summary = await importFile(
      {
        sources: container.repos.sources,
        authorSalt: config.privacy.authorSalt,
        ingest: { classifier, feedback: container.repos.feedback, counters: container.repos.counters, onStored: container.triage.listeners },
      },
      {
        file,
        sourceId: source,
        mapping,
        read,
        rejectFile: values.rejects as string | undefined,
        batchSize,
        onProgress: (p) => {
          last = p;
          bar.update(p);
        },
      },
    );
    if (last) bar.update({ ...last, bytes: last.totalBytes, rows: summary.rows, rejected: summary.rejected }, true);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.rejected > 0) process.stderr.write(`import: ${summary.rejected} rows rejected, reasons in ${summary.rejectFile}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ImportError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`import: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await container.close();
  }
}
