/**
 * `tsx scripts/tune-aspects.ts [cues]`: aspect precision and recall on tuning data only: the
 * negative tweets with a coded reason in the airline training split (the 20 % hold-out of
 * `npm run eval` is never read) and the tune half of data/aspect-sentences.jsonl. With `cues`,
 * also per-cue hits and precision, to see which cues tag what the text does not speak of.
 */
import { existsSync, readFileSync } from 'node:fs';
import { aspectHits } from '../src/domain/classification/aspects.ts';
import { ASPECTS, type Aspect } from '../src/domain/classification/classification.types.ts';
import { tokenize } from '../src/domain/classification/tokenize.ts';
import { loadAirline, PROJECT_DATA_DIR, reasonToAspect } from './lib/datasets.ts';
import { SPLIT_SEED } from './lib/eval-split.ts';
import { f3 } from './lib/metrics.ts';
import { randomSplit } from './lib/splits.ts';

interface Row { text: string; gold: Aspect[] }

function table(name: string, rows: Row[], aspects: readonly Aspect[], perCue: boolean): void {
  const cueStats = new Map<string, { hits: number; right: number }>();
  process.stdout.write(`\n${name} (${rows.length} rows)\n`);
  for (const a of aspects) {
    let tp = 0, fp = 0, fn = 0;
    for (const r of rows) {
      const hits = aspectHits(tokenize(r.text).stems).filter((h) => h.aspect === a);
      const pred = hits.length > 0;
      const gold = r.gold.includes(a);
      if (pred && gold) tp++;
      else if (pred) fp++;
      else if (gold) fn++;
      for (const cue of new Set(hits.map((h) => h.cue))) {
        const s = cueStats.get(`${a}: ${cue}`) ?? { hits: 0, right: 0 };
        s.hits++;
        if (gold) s.right++;
        cueStats.set(`${a}: ${cue}`, s);
      }
    }
    const p = tp / Math.max(1, tp + fp);
    const rc = tp / Math.max(1, tp + fn);
    process.stdout.write(`  ${a.padEnd(22)} P ${f3(p)}  R ${f3(rc)}  tagged ${tp + fp}  gold ${tp + fn}\n`);
  }
  if (perCue) {
    const list = [...cueStats.entries()].sort((x, y) => y[1].hits - y[1].right - (x[1].hits - x[1].right));
    for (const [cue, s] of list) process.stdout.write(`    ${cue.padEnd(40)} ${s.right}/${s.hits} ${f3(s.right / s.hits)}\n`);
  }
}

function main(): void {
  const perCue = process.argv.includes('cues');
  const train = randomSplit(loadAirline(), 0.2, SPLIT_SEED).train;
  const airline: Row[] = [];
  for (const r of train) {
    const g = r.sentiment === 'negative' ? reasonToAspect(r.reason) : null;
    if (g) airline.push({ text: r.text, gold: [g] });
  }
  table('airline training split, negative tweets with a coded reason', airline, ['people', 'place', 'product', 'process'], perCue);
  const file = `${PROJECT_DATA_DIR}aspect-sentences.jsonl`;
  if (existsSync(file)) {
    const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row & { aspects: Aspect[]; part: string });
    const tune = rows.filter((r) => r.part === 'tune').map((r) => ({ text: r.text, gold: r.aspects }));
    table('aspect sentences, tune half', tune, ASPECTS, perCue);
  }
}

main();
