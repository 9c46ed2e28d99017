/**
 * The labelled Spanish, French and German rows (data/languages/*.jsonl) and the small linear
 * model the es/fr/de scorer uses, trained on development rows only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCORABLE_LANGUAGES, type LanguageCode } from '../../src/domain/classification/languages/language-pack.types.ts';
import { compiledPack } from '../../src/domain/classification/languages/packs.ts';
import { featuresOf, FEATURES, gatherEvidence, SENTIMENT_ORDER, type LanguageModel } from '../../src/domain/classification/languages/scorer.ts';

export interface LanguageRow {
  id: string;
  split: 'dev' | 'heldout';
  source: string;
  sourceId: string;
  text: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  complaint: boolean;
}

export const LANGUAGE_DATA_DIR = fileURLToPath(new URL('../../data/languages/', import.meta.url));

/**
 * The rows of one language and split. Scripts that tune or train ask for 'dev' only; the held-out
 * rows are read by the evaluation alone.
 */
export function loadLanguageRows(lang: LanguageCode, split: LanguageRow['split']): LanguageRow[] {
  return readFileSync(`${LANGUAGE_DATA_DIR}${lang}.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LanguageRow)
    .filter((r) => r.split === split);
}

export interface Example {
  lang: LanguageCode;
  group: string;
  x: Float64Array;
  sentiment: number;
  complaint: number;
}

export function examplesOf(rows: readonly LanguageRow[], lang: LanguageCode, vocabularyWeight?: number): Example[] {
  const pack = compiledPack(lang, vocabularyWeight);
  return rows.map((r) => ({
    lang,
    group: `${r.source}:${r.sourceId}`,
    x: featuresOf(gatherEvidence(pack, r.text)),
    sentiment: SENTIMENT_ORDER.indexOf(r.sentiment),
    complaint: r.complaint ? 1 : 0,
  }));
}

export const TRAINING = { l2: 0.02, iterations: 3000, rate: 0.3 } as const;

/** Full-batch gradient descent on the softmax (sentiment) and logistic (complaint) losses, L2 on all but the bias. */
export function trainLanguageModel(examples: readonly Example[], params = TRAINING): LanguageModel {
  const d = FEATURES.length;
  const n = examples.length;
  const sentiment = [0, 1, 2].map(() => new Array<number>(d).fill(0));
  const complaint = new Array<number>(d).fill(0);
  const z = [0, 0, 0];
  for (let it = 0; it < params.iterations; it++) {
    const gs = [0, 1, 2].map(() => new Array<number>(d).fill(0));
    const gc = new Array<number>(d).fill(0);
    for (const ex of examples) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += sentiment[c]![j]! * ex.x[j]!;
        z[c] = s;
      }
      const m = Math.max(z[0]!, z[1]!, z[2]!);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e[0]! + e[1]! + e[2]!;
      for (let c = 0; c < 3; c++) {
        const g = e[c]! / sum - (ex.sentiment === c ? 1 : 0);
        for (let j = 0; j < d; j++) gs[c]![j]! += g * ex.x[j]!;
      }
      let s = 0;
      for (let j = 0; j < d; j++) s += complaint[j]! * ex.x[j]!;
      const g = 1 / (1 + Math.exp(-s)) - ex.complaint;
      for (let j = 0; j < d; j++) gc[j]! += g * ex.x[j]!;
    }
    for (let j = 0; j < d; j++) {
      const reg = j === 0 ? 0 : params.l2;
      for (let c = 0; c < 3; c++) sentiment[c]![j]! -= params.rate * (gs[c]![j]! / n + reg * sentiment[c]![j]!);
      complaint[j]! -= params.rate * (gc[j]! / n + reg * complaint[j]!);
    }
  }
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  return {
    features: [...FEATURES],
    sentiment: sentiment.map((w) => w.map(round)),
    complaint: complaint.map(round),
    complaintThreshold: 0.5,
  };
}

export function allDevExamples(vocabularyWeight?: number): Example[] {
  return SCORABLE_LANGUAGES.flatMap((lang) => examplesOf(loadLanguageRows(lang, 'dev'), lang, vocabularyWeight));
}
