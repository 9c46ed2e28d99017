/**
 * `earshot import <file.csv|file.jsonl> --source <id> --map text=comment,nps=score,...`
 * Streams the file into the source (any size, bounded memory), draws a progress bar on stderr,
 * writes rejected rows with their reasons to a reject file, and prints a JSON summary on stdout.
 * Re-running the same file adds nothing: rows upsert on their id (the `id` column, or a hash).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import { loadClassifier, MODEL_PATHS } from '../domain/classification/index.ts';
import { ImportError, importFile, parseMapping, type ImportProgress } from '../domain/sources/import-file.service.ts';
import { buildContainer } from '../infra/container.ts';

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

export async function importCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { source: { type: 'string' }, map: { type: 'string' }, rejects: { type: 'string' }, 'batch-size': { type: 'string' } },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  const { source, map } = parsed.values;
  if (!file || !source || !map || parsed.positionals.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const batchSize = parsed.values['batch-size'] ? Number(parsed.values['batch-size']) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    process.stderr.write('--batch-size: a whole number from 1 to 1000\n');
    return 2;
  }
  let mapping;
  try {
    mapping = parseMapping(map);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  const config = loadConfig();
  const classifier = loadClassifier(MODEL_PATHS[config.classifier.model]);
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
        rejectFile: parsed.values.rejects,
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
