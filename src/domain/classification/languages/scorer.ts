/**
 * The lexicon-and-cue scorer shared by Spanish, French and German: polarity words (ours first,
 * then the `natural` vocabulary), negation, intensifiers, "too …", a contrast ("pero", "mais",
 * "aber") that gives the clause after it more weight, and phrase cues for problems, returns,
 * asks, praise and thanks. Every weight and threshold below was chosen on the development part
 * of data/languages/*.jsonl only (docs/accuracy.md says how the held-out part is kept apart).
 */
import { CueMatcher, type CueHit } from './cue-matcher.ts';
import type { LanguageCueGroup, LanguagePack } from './language-pack.types.ts';
import type { PolarityLookup } from './lexicon.ts';
import { tokenizeFor, type LanguageTokens } from './text.ts';

/** The weights a pack is scored with; one set for all three languages. */
export const WEIGHTS = {
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
  emoticon: 1.5,
  cue: { problem: -1.5, return: -2.5, ask: 0, rhetorical: -1, praise: 1.5, delight: 1, advocacy: 1.5, gratitude: 1, reflexive: 0 } satisfies Record<LanguageCueGroup, number>,
  /** Polarity at or above which a text is positive, at or below minus which it is negative. */
  positive: 1,
  negative: 1,
  /** A text is a complaint when its negative evidence outweighs its positive by this much… */
  complaint: 1.5,
  /** …or when it has a problem or return cue and its polarity is below this. */
  complaintWithCue: 1.5,
} as const;

export interface LanguageScore {
  /** Sum of everything below: the text's overall polarity. */
  polarity: number;
  /** The positive and the negative contributions, apart. */
  positive: number;
  negative: number;
  label: 'negative' | 'neutral' | 'positive';
  complaint: boolean;
  /** Count of matched cues per group (a negated praise or advocacy cue is not counted). */
  cueCounts: Record<LanguageCueGroup, number>;
  /** Words of the text that decided, as written. */
  cues: string[];
  /** Sentiment words with their signed contribution, for explanation. */
  words: { word: string; value: number }[];
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
    negators: new Set(pack.negators),
    trailingNegators: new Set(pack.trailingNegators),
    intensifiers: new Set(pack.intensifiers.filter((w) => !w.includes(' '))),
    excess: new Set(pack.excess.map((w) => w.split(' ').at(-1)!)),
    contrast: pack.contrast.map((c) => c.split(' ')),
  };
}

const BOUNDARY = new Set(['.', '?', '!']);
const NEGATABLE_CUES: ReadonlySet<LanguageCueGroup> = new Set(['praise', 'delight', 'advocacy']);

function emptyCounts(): Record<LanguageCueGroup, number> {
  return { problem: 0, return: 0, ask: 0, rhetorical: 0, praise: 0, delight: 0, advocacy: 0, gratitude: 0, reflexive: 0 };
}

/** Whether a negator within the window before position i (same clause) negates it. */
function negatedAt(c: CompiledPack, words: readonly string[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - WEIGHTS.negationWindow; k--) {
    const w = words[k]!;
    if (BOUNDARY.has(w)) return false;
    if (c.negators.has(w) && !c.trailingNegators.has(w)) return true;
    // "pas" / "nicht" before the word negates it too ("pas mal", "nicht gut").
    if (c.trailingNegators.has(w) && k === i - 1) return true;
  }
  // A trailing negator right after the word ("j'aime pas", "gefällt mir nicht").
  for (let k = i + 1; k < words.length && k <= i + 3; k++) {
    const w = words[k]!;
    if (BOUNDARY.has(w)) return false;
    if (c.trailingNegators.has(w)) return k + 1 >= words.length || BOUNDARY.has(words[k + 1]!) || c.lookup.polarity(words[k + 1]!) === 0;
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

export function scoreText(c: CompiledPack, text: string): LanguageScore {
  const tokens = tokenizeFor(text, c.pack.code);
  const { words, surface } = tokens;
  const hits: CueHit[] = c.matcher.match(words);
  const contrast = contrastAt(c, words);
  const weightAt = (i: number): number => (contrast < 0 ? 1 : i < contrast ? WEIGHTS.beforeContrast : WEIGHTS.afterContrast);

  let positive = 0;
  let negative = 0;
  const add = (v: number): void => {
    if (v > 0) positive += v;
    else negative += v;
  };
  const found: { word: string; value: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === ':)' || w === ':(') {
      add((w === ':)' ? 1 : -1) * WEIGHTS.emoticon * weightAt(i));
      continue;
    }
    if (c.negators.has(w)) continue;
    const next = words[i + 1];
    const nextValue = next === undefined ? 0 : c.lookup.polarity(next);
    if (c.intensifiers.has(w) && nextValue !== 0) continue;
    if (c.excess.has(w)) {
      if (next !== undefined && !BOUNDARY.has(next) && nextValue <= 0) {
        add(WEIGHTS.excess * weightAt(i));
        found.push({ word: `${surface[i]} ${surface[i + 1]}`, value: WEIGHTS.excess });
      }
      continue;
    }
    let v = c.lookup.polarity(w);
    if (v === 0) continue;
    const prev = words[i - 1];
    if (prev !== undefined && (c.intensifiers.has(prev) || c.excess.has(prev))) v *= WEIGHTS.intensifier;
    if (negatedAt(c, words, i)) v = v > 0 ? -WEIGHTS.negatedPositive * v : -WEIGHTS.negatedNegative * v;
    v *= weightAt(i);
    add(v);
    found.push({ word: surface[i]!, value: v });
  }

  const cueCounts = emptyCounts();
  const cueWords: string[] = [];
  for (const h of hits) {
    if (NEGATABLE_CUES.has(h.group) && negatedAt(c, words, h.start)) continue;
    cueCounts[h.group]++;
    const phrase = surface.slice(h.start, h.start + h.length).join(' ');
    if (!cueWords.includes(phrase)) cueWords.push(phrase);
  }
  for (const g of Object.keys(cueCounts) as LanguageCueGroup[]) {
    // One or two of a kind say as much as many: cap each group's weight.
    const n = Math.min(cueCounts[g], 2);
    add(WEIGHTS.cue[g] * n);
  }

  const polarity = positive + negative;
  const label = polarity >= WEIGHTS.positive ? 'positive' : polarity <= -WEIGHTS.negative ? 'negative' : 'neutral';
  const hasProblemCue = cueCounts.problem + cueCounts.return > 0;
  const complaint = -negative - positive >= WEIGHTS.complaint || (hasProblemCue && polarity < WEIGHTS.complaintWithCue);
  return { polarity, positive, negative, label, complaint, cueCounts, cues: cueWords, words: found, tokens };
}
