/**
 * The lexicon-and-cue scorer shared by Spanish, French and German. One pass gathers evidence:
 * polarity words (ours first, then a `natural` vocabulary), negation, intensifiers, "too …", a
 * contrast ("pero", "mais", "aber", "leider") that gives the clause after it more weight, and
 * phrase cues (problems, returns, asks, praise, thanks…). A small linear model over that
 * evidence (language-independent features, weights in language-model.json, trained on the
 * development rows only by scripts/train-languages.ts) turns it into a sentiment label and a
 * complaint probability.
 */
import { CueMatcher, type CueHit } from './cue-matcher.ts';
import { CUE_GROUPS, type LanguageCueGroup, type LanguagePack } from './language-pack.types.ts';
import type { PolarityLookup } from './lexicon.ts';
import { tokenizeFor, type LanguageTokens } from './text.ts';

/** How evidence is gathered (set by hand, checked on the development rows). */
export const EVIDENCE = {
  /** Words after a negator that it can reach (a clause end stops it). */
  negationWindow: 3,
  /** A negated positive word counts this share of its value, negative. */
  negatedPositive: 0.8,
  /** A negated negative word ("no está mal", "pas mal") counts this share of its value, positive. */
  negatedNegative: 0.4,
  intensifier: 1.5,
  /** "Too" before a word with no polarity ("demasiado corto", "trop grand", "zu eng"). */
  excess: -1.5,
  /** Weight of words before a contrast, and after it. */
  beforeContrast: 0.6,
  afterContrast: 1.3,
} as const;

/** The features the linear model reads, in order. */
export const FEATURES = [
  'bias', 'positive', 'negative', 'problem', 'return', 'ask', 'rhetorical', 'praise', 'delight', 'advocacy', 'gratitude',
  'reflexive', 'question', 'exclamation', 'mention', 'emoticonPositive', 'emoticonNegative', 'shouting', 'length', 'contrast',
] as const;

export interface LanguageModel {
  features: string[];
  /** Rows: negative, neutral, positive. */
  sentiment: number[][];
  complaint: number[];
  /** Complaint probability at or above which a text is a complaint. */
  complaintThreshold: number;
}

export const SENTIMENT_ORDER = ['negative', 'neutral', 'positive'] as const;

export interface LanguageEvidence {
  /** Sum of positive word contributions, and of negative ones (≤ 0). */
  positive: number;
  negative: number;
  emoticons: { positive: number; negative: number };
  /** Count of matched cues per group (a negated praise or advocacy cue is not counted). */
  cueCounts: Record<LanguageCueGroup, number>;
  /** Cue phrases as written, in text order. */
  cues: { group: LanguageCueGroup; text: string }[];
  /** Sentiment words as written, with their signed contribution. */
  words: { word: string; value: number }[];
  contrast: boolean;
  tokens: LanguageTokens;
}

export interface CompiledPack {
  pack: LanguagePack;
  matcher: CueMatcher;
  lookup: PolarityLookup;
  negators: ReadonlySet<string>;
  trailingNegators: ReadonlySet<string>;
  intensifiers: ReadonlySet<string>;
  excess: ReadonlySet<string>;
  contrast: readonly string[][];
}

export function compilePack(pack: LanguagePack, lookup: PolarityLookup): CompiledPack {
  return {
    pack,
    matcher: new CueMatcher(pack.cues, pack.code),
    lookup,
    negators: new Set([...pack.negators, ...pack.trailingNegators]),
    trailingNegators: new Set(pack.trailingNegators),
    intensifiers: new Set(pack.intensifiers.filter((w) => !w.includes(' '))),
    excess: new Set(pack.excess.map((w) => w.split(' ').at(-1)!)),
    contrast: pack.contrast.map((c) => c.split(' ')),
  };
}

const BOUNDARY = new Set(['.', '?', '!']);
const NEGATABLE_CUES: ReadonlySet<LanguageCueGroup> = new Set(['praise', 'delight', 'advocacy']);
/** Words inside these cues are not also read as sentiment words ("quería que me encantara"). */
const MASKING_CUES: ReadonlySet<LanguageCueGroup> = new Set(['problem', 'return', 'rhetorical', 'neutral']);

function emptyCounts(): Record<LanguageCueGroup, number> {
  return { problem: 0, return: 0, ask: 0, rhetorical: 0, praise: 0, delight: 0, advocacy: 0, gratitude: 0, reflexive: 0, neutral: 0 };
}

/**
 * Whether the word at i is negated: a negator up to `negationWindow` words before it in the same
 * clause, or a trailing negator ("j'aime pas", "gefällt mir nicht") after it that ends its clause
 * without another sentiment word.
 */
function negatedAt(c: CompiledPack, words: readonly string[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - EVIDENCE.negationWindow; k--) {
    const w = words[k]!;
    if (BOUNDARY.has(w)) break;
    if (c.negators.has(w)) return true;
  }
  for (let k = i + 1; k < words.length && k <= i + 3; k++) {
    const w = words[k]!;
    if (BOUNDARY.has(w)) return false;
    if (c.trailingNegators.has(w)) {
      for (let j = k + 1; j < words.length && !BOUNDARY.has(words[j]!); j++) if (c.lookup.polarity(words[j]!) !== 0) return false;
      return true;
    }
  }
  return false;
}

/** Index of the first word after the last contrast of the text, or -1. */
function contrastAt(c: CompiledPack, words: readonly string[]): number {
  let at = -1;
  for (let i = 0; i < words.length; i++) {
    for (const phrase of c.contrast) {
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) ok = words[i + k] === phrase[k];
      if (ok) at = i + phrase.length;
    }
  }
  return at;
}

export function gatherEvidence(c: CompiledPack, text: string): LanguageEvidence {
  const tokens = tokenizeFor(text, c.pack.code);
  const { words, surface } = tokens;
  const hits: CueHit[] = c.matcher.match(words);
  const masked = new Uint8Array(words.length);
  for (const h of hits) if (MASKING_CUES.has(h.group)) masked.fill(1, h.start, h.start + h.length);
  const contrast = contrastAt(c, words);
  const weightAt = (i: number): number => (contrast < 0 ? 1 : i < contrast ? EVIDENCE.beforeContrast : EVIDENCE.afterContrast);
  const targets = c.pack.excessTargets;

  let positive = 0;
  let negative = 0;
  const emoticons = { positive: 0, negative: 0 };
  const found: { word: string; value: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === ':)') emoticons.positive++;
    else if (w === ':(') emoticons.negative++;
    if (masked[i] || c.negators.has(w)) continue;
    const next = words[i + 1];
    const nextValue = next === undefined || masked[i + 1] ? 0 : c.lookup.polarity(next);
    if (c.intensifiers.has(w) && nextValue !== 0) continue;
    if (c.excess.has(w)) {
      const target = next !== undefined && !BOUNDARY.has(next) && (!targets || targets.some((t) => next.startsWith(t)));
      if (target && nextValue <= 0) {
        negative += EVIDENCE.excess * weightAt(i);
        found.push({ word: `${surface[i]} ${surface[i + 1]}`, value: EVIDENCE.excess });
        i++;
      }
      continue;
    }
    let v = c.lookup.polarity(w);
    if (v === 0) continue;
    const prev = words[i - 1];
    if (prev !== undefined && (c.intensifiers.has(prev) || c.excess.has(prev))) v *= EVIDENCE.intensifier;
    if (negatedAt(c, words, i)) v = v > 0 ? -EVIDENCE.negatedPositive * v : -EVIDENCE.negatedNegative * v;
    v *= weightAt(i);
    if (v > 0) positive += v;
    else negative += v;
    found.push({ word: surface[i]!, value: v });
  }

  const cueCounts = emptyCounts();
  const cues: LanguageEvidence['cues'] = [];
  for (const h of hits) {
    if (NEGATABLE_CUES.has(h.group) && negatedAt(c, words, h.start)) continue;
    cueCounts[h.group]++;
    const text = surface.slice(h.start, h.start + h.length).join(' ');
    if (h.group !== 'neutral' && !cues.some((x) => x.text === text)) cues.push({ group: h.group, text });
  }
  return { positive, negative, emoticons, cueCounts, cues, words: found, contrast: contrast >= 0, tokens };
}

/** The feature vector of the evidence, in FEATURES order. */
export function featuresOf(e: LanguageEvidence): Float64Array {
  const x = new Float64Array(FEATURES.length);
  const cap = (n: number): number => Math.min(n, 2);
  const { words } = e.tokens;
  let question = 0;
  let exclamation = 0;
  let letters = 0;
  for (const w of words) {
    if (w === '?') question = 1;
    else if (w === '!') exclamation = 1;
    else if (w !== '.' && w !== ':)' && w !== ':(') letters++;
  }
  x[0] = 1;
  x[1] = Math.log1p(e.positive);
  x[2] = Math.log1p(-e.negative);
  let k = 3;
  for (const g of CUE_GROUPS) {
    if (g === 'neutral') continue;
    x[k++] = cap(e.cueCounts[g]);
  }
  x[k++] = question;
  x[k++] = exclamation;
  x[k++] = e.tokens.mentions > 0 ? 1 : 0;
  x[k++] = cap(e.emoticons.positive);
  x[k++] = cap(e.emoticons.negative);
  x[k++] = e.tokens.upperRatio > 0.6 && letters >= 3 ? 1 : 0;
  x[k++] = Math.log1p(letters) / 3;
  x[k++] = e.contrast ? 1 : 0;
  return x;
}

export interface LanguageDecision {
  label: (typeof SENTIMENT_ORDER)[number];
  /** Probabilities of negative, neutral, positive. */
  sentiment: [number, number, number];
  /** Probability that the text is a complaint. */
  complaint: number;
  isComplaint: boolean;
}

const dot = (w: readonly number[], x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i]! * x[i]!;
  return s;
};

export function decide(model: LanguageModel, x: Float64Array): LanguageDecision {
  const z = model.sentiment.map((w) => dot(w, x));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e[0]! + e[1]! + e[2]!;
  const sentiment: [number, number, number] = [e[0]! / sum, e[1]! / sum, e[2]! / sum];
  let best = 0;
  for (let i = 1; i < 3; i++) if (sentiment[i]! > sentiment[best]!) best = i;
  const complaint = 1 / (1 + Math.exp(-dot(model.complaint, x)));
  return { label: SENTIMENT_ORDER[best]!, sentiment, complaint, isComplaint: complaint >= model.complaintThreshold };
}
