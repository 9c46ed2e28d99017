/**
 * Scoring Spanish, French and German. The English classifier calls `createLanguageScorer` once
 * and, for a text detected in another language, asks it for a classification; it answers null
 * for a language that is not scored (the item is then reported as not scored).
 *
 * What a scored item gets: its language, `scored: true`, a sentiment label, a category, a
 * satisfaction level, the complaint axes and a confidence, with these defaults where the
 * scorer has less to go on than the English classifier:
 * - intent is instrumental when the text asks for something (a "please"/"can you" cue, or a
 *   question addressed to an @account), else non-instrumental;
 * - blame is reflexive only on an explicit self-blame cue ("sin querer", "par erreur", "aus
 *   Versehen"), else ostensive;
 * - aspects are not tagged (always []);
 * - advocacy needs an explicit, non-negated recommendation in text that is not negative, or an
 *   NPS of 9–10 on a text that is neither negative nor a complaint.
 */
import { createRequire } from 'node:module';
import type { Classification, ClassificationInput, SatisfactionLevel } from '../classification.types.ts';
import { SCORABLE_LANGUAGES, type LanguageCode } from './language-pack.types.ts';
import { compiledPack } from './packs.ts';
import { decide, featuresOf, gatherEvidence, type LanguageModel } from './scorer.ts';

export { SCORABLE_LANGUAGES, type LanguageCode } from './language-pack.types.ts';

const require = createRequire(import.meta.url);
const MODEL = require('./language-model.json') as LanguageModel;

/** Per language, as measured on the held-out rows by `npm run eval` (scripts/lib/eval-languages.ts). */
export interface LanguageMeasurement {
  devRows: number;
  heldOutRows: number;
  sentimentMacroF1: number;
  complaintMacroF1: number;
  /** Whether both figures reach SCORING_THRESHOLD. */
  scored: boolean;
}

export interface Measurements {
  generated: string;
  threshold: number;
  languages: Record<LanguageCode, LanguageMeasurement>;
}

/** A language is scored by default only if both its held-out macro-F1 figures reach this. */
export const SCORING_THRESHOLD = 0.7;

export const MEASUREMENTS = require('./measured.json') as Measurements;

export function isScorableLanguage(language: string): language is LanguageCode {
  return (SCORABLE_LANGUAGES as readonly string[]).includes(language);
}

/** The languages scored when configuration says nothing: those measured at or above the threshold on both figures. */
export function defaultScoredLanguages(): LanguageCode[] {
  return SCORABLE_LANGUAGES.filter((l) => MEASUREMENTS.languages[l]?.scored === true);
}

const MAX_CUES = 8;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function ratingLevel(rating: number | undefined, nps: number | undefined): SatisfactionLevel | null {
  if (rating !== undefined) {
    if (rating <= 2) return 'dissatisfied';
    if (rating >= 5) return 'delighted';
    if (rating >= 4) return 'satisfied';
  }
  if (nps !== undefined) {
    if (nps <= 6) return 'dissatisfied';
    if (nps >= 9) return 'delighted';
    return 'satisfied';
  }
  return null;
}

/** Classifies a text already known to be in `lang`. Pure apart from loading the pack on first use. */
export function classifyInLanguage(input: ClassificationInput, text: string, lang: LanguageCode, model: LanguageModel = MODEL): Classification {
  const evidence = gatherEvidence(compiledPack(lang), text);
  const d = decide(model, featuresOf(evidence));
  const counts = evidence.cueCounts;
  const label = d.label;
  const fromRating = ratingLevel(input.rating, input.nps);

  let satisfaction: SatisfactionLevel | null;
  if (d.isComplaint || label === 'negative') satisfaction = 'dissatisfied';
  else if (label === 'positive') {
    satisfaction = fromRating === 'satisfied' || fromRating === 'delighted' ? fromRating : counts.delight > 0 ? 'delighted' : 'satisfied';
  } else satisfaction = fromRating;

  const advocacy =
    (counts.advocacy > 0 && label !== 'negative') || (input.nps !== undefined && input.nps >= 9 && label !== 'negative' && !d.isComplaint);

  const cues: string[] = [];
  const addCue = (c: string): void => {
    if (cues.length < MAX_CUES && !cues.includes(c)) cues.push(c);
  };
  let category: Classification['category'];
  let complaint: Classification['complaint'] = null;
  if (d.isComplaint) {
    category = 'complaint';
    const asks = counts.ask > 0 || (evidence.tokens.mentions > 0 && evidence.tokens.words.includes('?'));
    complaint = { intent: asks ? 'instrumental' : 'non-instrumental', blame: counts.reflexive > 0 ? 'reflexive' : 'ostensive' };
    for (const c of evidence.cues) if (['problem', 'return', 'ask', 'rhetorical', 'reflexive'].includes(c.group)) addCue(c.text);
  } else if (advocacy) {
    category = 'advocacy';
    for (const c of evidence.cues) if (c.group === 'advocacy') addCue(c.text);
    if (input.nps !== undefined && input.nps >= 9) addCue(`nps ${input.nps}`);
  } else if (satisfaction !== null) {
    category = 'satisfaction';
    for (const c of evidence.cues) if (['praise', 'delight', 'gratitude', 'problem'].includes(c.group)) addCue(c.text);
    if (fromRating && label === 'neutral') addCue(input.rating !== undefined ? `rating ${input.rating}` : `nps ${input.nps}`);
  } else {
    category = 'neutral';
    for (const c of evidence.cues) if (c.group === 'ask') addCue(c.text);
  }
  // The strongest words in the direction of the label, as extra explanation.
  const sign = label === 'negative' ? -1 : label === 'positive' ? 1 : 0;
  if (sign !== 0) {
    const words = evidence.words.filter((w) => Math.sign(w.value) === sign).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    for (const w of words.slice(0, 3)) if (!cues.some((c) => c.split(' ').includes(w.word))) addCue(w.word);
  }

  const score = evidence.positive + evidence.negative;
  const wordCount = evidence.tokens.words.filter((w) => w !== '.' && w !== '?' && w !== '!').length;
  return {
    category,
    sentiment: { score: round3(score), comparative: round3(wordCount > 0 ? score / wordCount : 0), label },
    satisfaction,
    complaint,
    advocacy,
    aspects: [],
    language: lang,
    scored: true,
    confidence: round3(d.isComplaint ? d.complaint : 1 - d.complaint),
    cues,
  };
}

/**
 * A scorer for the given languages: `classify` answers null for any other language. Unknown
 * codes are refused here too (configuration validates them first, with a message naming the variable).
 */
export function createLanguageScorer(languages: readonly string[] = defaultScoredLanguages()): {
  languages: readonly LanguageCode[];
  classify(input: ClassificationInput, text: string, language: string): Classification | null;
} {
  for (const l of languages) if (!isScorableLanguage(l)) throw new Error(`cannot score language "${l}": scorable are ${SCORABLE_LANGUAGES.join(', ')}`);
  const scored = new Set<string>(languages);
  return {
    languages: languages as LanguageCode[],
    classify(input, text, language) {
      return scored.has(language) && isScorableLanguage(language) ? classifyInLanguage(input, text, language) : null;
    },
  };
}
