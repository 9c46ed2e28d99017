/**
 * `npm run train:languages`: trains the es/fr/de scorer's linear model on the DEVELOPMENT rows of
 * data/languages/*.jsonl (all three languages together: the features do not depend on the
 * language) and writes src/domain/classification/languages/language-model.json. Prints a
 * cross-validation over the development rows, folds grouped by source text so that the
 * translations of one text never sit on both sides. Never reads the held-out rows.
 * Options: --cv-only (print, write nothing), --vocab=<weight> (override the vocabulary weight).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCORABLE_LANGUAGES } from '../src/domain/classification/languages/language-pack.types.ts';
import { decide } from '../src/domain/classification/languages/scorer.ts';
import { allDevExamples, trainLanguageModel, type Example } from './lib/language-data.ts';
import { evaluate, f3 } from './lib/metrics.ts';
import { groupedFolds } from './lib/splits.ts';

const OUT = fileURLToPath(new URL('../src/domain/classification/languages/language-model.json', import.meta.url));
const FOLDS = 5;
const args = process.argv.slice(2);
const vocab = args.find((a) => a.startsWith('--vocab='));
const examples = allDevExamples(vocab ? Number(vocab.slice(8)) : undefined);

const folds = groupedFolds(examples.map((e) => e.group), FOLDS, 7);
const pred = new Map<Example, { s: number; c: number }>();
for (let f = 0; f < FOLDS; f++) {
  const model = trainLanguageModel(examples.filter((_, i) => folds[i] !== f));
  examples.forEach((e, i) => {
    if (folds[i] !== f) return;
    const d = decide(model, e.x);
    pred.set(e, { s: ['negative', 'neutral', 'positive'].indexOf(d.label), c: d.isComplaint ? 1 : 0 });
  });
}
const LABELS = ['negative', 'neutral', 'positive'];
for (const lang of SCORABLE_LANGUAGES) {
  const ex = examples.filter((e) => e.lang === lang);
  const s = evaluate(LABELS, ex.map((e) => LABELS[e.sentiment]!), ex.map((e) => LABELS[pred.get(e)!.s]!));
  const c = evaluate(['1', '0'], ex.map((e) => String(e.complaint)), ex.map((e) => String(pred.get(e)!.c)));
  process.stdout.write(`${lang} dev CV (${FOLDS} folds) n=${ex.length}: sentiment macro-F1 ${f3(s.macroF1)}, complaint macro-F1 ${f3(c.macroF1)}\n`);
}
if (!args.includes('--cv-only')) {
  const model = trainLanguageModel(examples);
  // One line per weight row keeps the diff of a retrain readable.
  const rows = (w: number[][]): string => w.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
  writeFileSync(
    OUT,
    `{\n "features": ${JSON.stringify(model.features)},\n "sentiment": [\n${rows(model.sentiment)}\n ],\n "complaint": ${JSON.stringify(model.complaint)},\n "complaintThreshold": ${model.complaintThreshold}\n}\n`,
  );
  process.stdout.write(`model trained on ${examples.length} development rows written to ${OUT}\n`);
}
