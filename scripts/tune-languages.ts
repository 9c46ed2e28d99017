/**
 * Development aid for the es/fr/de scorer: cross-validated mistakes on the DEVELOPMENT rows of
 * data/languages/*.jsonl (the same folds as scripts/train-languages.ts). It never reads the
 * held-out rows; their figures come from `npm run eval` only.
 * Usage: tsx scripts/tune-languages.ts es|fr|de
 */
import { SCORABLE_LANGUAGES, type LanguageCode } from '../src/domain/classification/languages/language-pack.types.ts';
import { compiledPack } from '../src/domain/classification/languages/packs.ts';
import { decide, gatherEvidence } from '../src/domain/classification/languages/scorer.ts';
import { allDevExamples, loadLanguageRows, trainLanguageModel } from './lib/language-data.ts';
import { groupedFolds } from './lib/splits.ts';

const lang = process.argv[2] as LanguageCode;
if (!SCORABLE_LANGUAGES.includes(lang)) throw new Error('usage: tsx scripts/tune-languages.ts es|fr|de');
const examples = allDevExamples();
const folds = groupedFolds(examples.map((e) => e.group), 5, 7);
const rows = loadLanguageRows(lang, 'dev');
const offset = examples.findIndex((e) => e.lang === lang);
const pack = compiledPack(lang);
for (let f = 0; f < 5; f++) {
  const model = trainLanguageModel(examples.filter((_, i) => folds[i] !== f));
  rows.forEach((r, k) => {
    if (folds[offset + k] !== f) return;
    const d = decide(model, examples[offset + k]!.x);
    if (d.label === r.sentiment && d.isComplaint === r.complaint) return;
    const e = gatherEvidence(pack, r.text);
    process.stdout.write(
      `${r.id} gold ${r.sentiment}/${r.complaint ? 'C' : '-'} pred ${d.label}/${d.isComplaint ? 'C' : '-'} (${d.complaint.toFixed(2)}) ` +
        `[${e.words.map((w) => `${w.word}:${w.value.toFixed(1)}`).join(' ')}] {${e.cues.map((c) => `${c.group[0]}:${c.text}`).join('|')}} ${r.text.slice(0, 150)}\n`,
    );
  });
}
