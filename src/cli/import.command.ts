/**
 * `earshot import <file.csv|file.jsonl> --source <id> --map text=comment,nps=score,...`
 * Streams the file into the source (any size, bounded memory), draws a progress bar on stderr,
 * writes rejected rows with their reasons to a reject file, and prints a JSON summary on stdout.
 * Re-running the same file adds nothing: rows upsert on their id (the `id` column, or a hash).
 */
import { loadConfig } from '../../config/load-config.ts';
import { loadClassifier } from '../domain/classification/index.ts';
import { ImportError, importFile, parseMapping, type ImportProgress } from '../domain/sources/import-file.service.ts';
import { buildContainer } from '../infra/container.ts';
import { UsageError, type CliCommand, type CommandArgs } from './cli-command.ts';

const USAGE = `usage: earshot import <file.csv|file.jsonl> --source <sourceId> --map text=<column>[,nps=<column>,rating=…,date=…,id=…,author=…,url=…,reach=…]
                      [--rejects <file>] [--batch-size <n>]
`;

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
  options: { source: { type: 'string' }, map: { type: 'string' }, rejects: { type: 'string' }, 'batch-size': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  run: importCommand,
};

async function importCommand({ values, positionals }: CommandArgs): Promise<number> {
  const file = positionals[0]!;
  const source = values.source as string | undefined;
  const map = values.map as string | undefined;
  if (!source) throw new UsageError('--source is required');
  if (!map) throw new UsageError('--map is required');
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new UsageError('--batch-size: a whole number from 1 to 1000');
  let mapping;
  try {
    mapping = parseMapping(map);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const config = loadConfig();
  const classifier = loadClassifier();
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
