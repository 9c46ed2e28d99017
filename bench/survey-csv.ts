/** A generated survey export for import volume runs, and a heap-watching import of it (bench:import and the import test). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importFile, parseMapping, type ImportDeps, type ImportSummary } from '../src/domain/sources/import-file.service.ts';

const COMMENTS = [
  'Delivery was quick and the beans were fresh',
  'Support never answered my emails about the refund',
  'The app crashes when I try to pay, "very" annoying',
  'Good value, will order again next month',
  'Staff at the King Street store were lovely, thanks',
];

/** A survey export of `rows` rows: id, date, NPS score and a comment. */
export async function writeSurveyCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,submitted_at,score,comment\n');
  for (let i = 0; i < rows; i++) {
    const line = `r${i},2026-11-${String(1 + (i % 24)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,${i % 11},"${COMMENTS[i % COMMENTS.length]!.replace(/"/g, '""')} (#${i})"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

/**
 * Imports a file written by writeSurveyCsv and watches the heap: the raw peak (sampled every 20 ms)
 * and the live peak (after a full GC every fifth batch, mid-stream), both as growth in MB over a
 * collected baseline. Node's gc() is switched on in-process (vitest does not pass --expose-gc).
 */
export async function importWatchingHeap(deps: ImportDeps, file: string, sourceId: string): Promise<{ summary: ImportSummary; peakMb: number; liveMb: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peakRaw = baseline;
  let peakLive = baseline;
  let batches = 0;
  const sample = () => {
    peakRaw = Math.max(peakRaw, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const summary = await importFile(deps, {
      file,
      sourceId,
      mapping: parseMapping('text=comment,nps=score,date=submitted_at,id=id'),
      onProgress: () => {
        sample();
        if (++batches % 5 === 0) {
          gc();
          peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
        }
      },
    });
    sample();
    const mb = (n: number) => (n - baseline) / 1024 / 1024;
    return { summary, peakMb: mb(peakRaw), liveMb: mb(peakLive) };
  } finally {
    clearInterval(timer);
  }
}
