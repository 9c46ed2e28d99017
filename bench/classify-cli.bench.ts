/**
 * `npm run bench:classify-cli`: `earshot classify` end to end (process start, model load, JSONL
 * in and out) on 200k lines, next to a minimal AFINN script with the same JSONL contract
 * (bench/afinn-classify.mjs), in the same run. Prints both rates and the ratio.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTexts } from './bench-texts.ts';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const TARGET_RATIO = 0.25;
const root = fileURLToPath(new URL('../', import.meta.url));

function timeRun(args: string[], input: string): number {
  const fd = openSync(input, 'r');
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: [fd, 'ignore', 'inherit'] });
  const seconds = (performance.now() - start) / 1000;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}`);
  return seconds;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-'));
  try {
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, makeTexts(LINES).map((text, i) => JSON.stringify({ id: i, text })).join('\n') + '\n');
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < 2; r++) {
      ours.push(timeRun(['bin/earshot.js', 'classify'], input));
      theirs.push(timeRun(['bench/afinn-classify.mjs'], input));
    }
    const best = (xs: number[]): number => LINES / Math.min(...xs);
    const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
    const ratio = best(ours) / best(theirs);
    process.stdout.write(
      [
        `${fmt(LINES)} JSONL lines, end to end (start-up included), best of 2`,
        `earshot classify: ${fmt(best(ours))} lines/s (${Math.min(...ours).toFixed(1)} s)`,
        `AFINN script:     ${fmt(best(theirs))} lines/s (${Math.min(...theirs).toFixed(1)} s)`,
        `ratio ${ratio.toFixed(2)}× AFINN; target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
