/**
 * Development aid for the es/fr/de scorer: figures and mistakes on the DEVELOPMENT rows of
 * data/languages/*.jsonl only. It never reads the held-out rows (split "heldout"); the held-out
 * figures come from `npm run eval` (scripts/lib/eval-languages.ts).
 * Usage: tsx scripts/tune-languages.ts [es|fr|de] [--errors] [--vocab=<weight>]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCORABLE_LANGUAGES, type LanguageCode } from '../src/domain/classification/languages/language-pack.types.ts';
import { compiledPack } from '../src/domain/classification/languages/packs.ts';
import { scoreText } from '../src/domain/classification/languages/scorer.ts';
import { evaluate, f3 } from './lib/metrics.ts';

interface Row { id: string; split: string; text: string; sentiment: string; complaint: boolean }

const args = process.argv.slice(2);
const langs = (args.filter((a) => !a.startsWith('--')) as LanguageCode[]).filter((l) => SCORABLE_LANGUAGES.includes(l));
const showErrors = args.includes('--errors');
const vocabArg = args.find((a) => a.startsWith('--vocab='));
for (const lang of langs.length ? langs : SCORABLE_LANGUAGES) {
  const path = fileURLToPath(new URL(`../data/languages/${lang}.jsonl`, import.meta.url));
  const rows = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row).filter((r) => r.split === 'dev');
  const pack = compiledPack(lang, vocabArg ? Number(vocabArg.slice(8)) : undefined);
  const sg: string[] = [], sp: string[] = [], cg: string[] = [], cp: string[] = [];
  const errors: string[] = [];
  for (const r of rows) {
    const s = scoreText(pack, r.text);
    sg.push(r.sentiment); sp.push(s.label);
    cg.push(r.complaint ? 'complaint' : 'not'); cp.push(s.complaint ? 'complaint' : 'not');
    if (showErrors && (s.label !== r.sentiment || s.complaint !== r.complaint)) {
      errors.push(`${r.id} gold ${r.sentiment}/${r.complaint ? 'C' : '-'} pred ${s.label}/${s.complaint ? 'C' : '-'} p=${s.polarity.toFixed(1)} [${s.words.map((w) => `${w.word}:${w.value.toFixed(1)}`).join(' ')}] {${s.cues.join('|')}} ${r.text.slice(0, 140)}`);
    }
  }
  const sent = evaluate(['negative', 'neutral', 'positive'], sg, sp);
  const comp = evaluate(['complaint', 'not'], cg, cp);
  process.stdout.write(`${lang} dev n=${rows.length} sentiment macro-F1 ${f3(sent.macroF1)} (${sent.perClass.map((c) => `${c.label} ${f3(c.f1)}`).join(', ')}) complaint macro-F1 ${f3(comp.macroF1)}\n`);
  for (const e of errors) process.stdout.write(`  ${e}\n`);
}
