/**
 * Turns a text into (a) a hashed sparse vector of word and character n-grams and (b) a small
 * dense vector of lexicon and cue features, plus the analysis the classifier explains itself with.
 * Hashing (FNV-1a over char codes) keeps the model a fixed size and needs no vocabulary lookups.
 */
import { ASPECT_PHRASES, type AspectMatchGroup } from './aspects.ts';
import { CUE_GROUPS, CUE_LEXICON, type CueGroup } from './lexicons.ts';
import { PhraseMatcher, type PhraseHit } from './phrase-matcher.ts';
import { scoreTokens, type LexiconScore } from './lexicon-score.ts';
import { remember, tokenize, WordFacts, type Tokens } from './tokenize.ts';

export const DENSE_FEATURES = [
  'afinn_score',
  'afinn_pos',
  'afinn_neg',
  'afinn_comparative',
  'question',
  'exclaim',
  'starts_with_mention',
  'url',
  'many_mentions',
  'service_handle',
  'shouting',
  'length',
  'first_person',
  'second_person',
  'negations',
  'negated_positive',
  'negated_negative',
  'sarcasm',
  'number',
  'question_opening',
  'negated_expectation',
  'persistence',
  ...CUE_GROUPS.map((g) => `cue_${g}` as const),
  // Stacked: the sentiment head's log-odds, filled in by the classifier after that head runs
  // (zero while the sentiment head itself is trained or applied).
  'stack_negative',
  'stack_positive',
] as const;
export type DenseFeature = (typeof DENSE_FEATURES)[number];
export const DENSE_COUNT = DENSE_FEATURES.length;
export const STACK_NEGATIVE = DENSE_FEATURES.indexOf('stack_negative');
export const STACK_POSITIVE = DENSE_FEATURES.indexOf('stack_positive');

function boundedLogit(p: number): number {
  return Math.log(Math.max(p, 1e-4) / Math.max(1 - p, 1e-4)) / 4;
}

/** Writes sentiment probabilities (negative, neutral, positive) into the stacked slots as bounded log-odds. */
export function setStackedSentiment(dense: Float64Array, probs: ArrayLike<number>): void {
  const logit = boundedLogit;
  dense[STACK_NEGATIVE] = logit(probs[0]!);
  dense[STACK_POSITIVE] = logit(probs[2]!);
}
const D = Object.fromEntries(DENSE_FEATURES.map((f, i) => [f, i])) as Record<DenseFeature, number>;
/** Dense slot of each cue group, in CUE_GROUPS order. */
const CUE_SLOTS: readonly number[] = CUE_GROUPS.map((g) => D[`cue_${g}`]);

export interface FeatureOptions {
  hashBits: number;
  charMin: number;
  charMax: number;
  /** Weight of the character n-gram block relative to the word block. */
  charWeight: number;
  /** Weight of word bigrams relative to unigrams. */
  bigramWeight: number;
  /** Add the @handles' character n-grams (brand-like handles: "…help", "…care", "united"). */
  handleChars?: boolean;
}

// Character n-grams off: on held-out data they moved airline sentiment by 0.004 macro-F1 and complaint
// detection by less than the fold noise, and they were a quarter of the classifier's time.
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { hashBits: 18, charMin: 3, charMax: 4, charWeight: 0, bigramWeight: 1, handleChars: false };

export interface TextAnalysis {
  tokens: Tokens;
  lexicon: LexiconScore;
  cues: PhraseHit<CueGroup>[];
  /** Matches of the aspect phrases (aspects.ts), made in the same pass as the cues. */
  aspectHits: PhraseHit<AspectMatchGroup>[];
  cueCounts: Record<CueGroup, number>;
  sarcasm: boolean;
}

export interface FeatureVector {
  /** Hashed indices (may repeat; values add up). */
  idx: Int32Array;
  val: Float32Array;
  dense: Float64Array;
}

// Cues and aspect phrases in one matcher: one lookup per token for both (their group names differ).
const cueMatcher = new PhraseMatcher<CueGroup | AspectMatchGroup>({ ...ASPECT_PHRASES, ...CUE_LEXICON });
const CUE_GROUP_SET: ReadonlySet<string> = new Set(CUE_GROUPS);
/** Groups whose cues mean nothing when negated ("would not recommend", "can't afford to fix it"). */
const NEGATABLE_GROUPS: ReadonlySet<CueGroup> = new Set(['advocacy', 'delight', 'praise', 'ask']);
const BRAND_VOICE: ReadonlySet<string> = new Set(['our', 'us', 'ours']);

const FIRST_PERSON: ReadonlySet<string> = new Set(['i', 'me', 'my', 'mine', 'myself', 'im', 'ive', 'id', 'ill']);
const SECOND_PERSON: ReadonlySet<string> = new Set(['you', 'your', 'yours', 'youre', 'u', 'ur', 'yall', 'youve']);
const QUESTION_OPENERS: ReadonlySet<string> = new Set([
  'how', 'what', 'when', 'where', 'why', 'who', 'which', 'can', 'could', 'will', 'would', 'is', 'are', 'do',
  'does', 'did', 'any', 'anyone', 'should', 'have', 'has', 'wheres', 'whats', 'hows',
]);
const SARCASM_OPENERS: ReadonlySet<string> = new Set([
  'great', 'love', 'thanks', 'thank', 'fantastic', 'awesome', 'perfect', 'nice', 'wonderful', 'brilliant',
  'lovely', 'excellent', 'cheers', 'congrats', 'good', 'oh', 'wow', 'yay', 'amazing',
]);
const SARCASM_FRAMES: ReadonlySet<string> = new Set([
  'another', 'again', 'yet', 'still', 'more', 'nothing', 'hours', 'hour', 'delay', 'delayed', 'cancelled',
  'canceled', 'lost', 'broken', 'waiting', 'late', 'missed', 'stuck', 'no', 'never', 'only',
]);

/** Stems of what a customer expects to happen; negated, they state a breach ("still not received", "didn't work"). */
const EXPECTATION_STEMS: ReadonlySet<string> = new Set([
  'receiv', 'arriv', 'work', 'deliv', 'deliver', 'refund', 'resolv', 'fix', 'answer', 'repli', 'respond', 'show',
  'turn', 'come', 'came', 'get', 'got', 'gotten', 'heard', 'hear', 'load', 'open', 'connect', 'ship', 'call',
  'help', 'sent', 'send', 'honor', 'honour', 'credit', 'updat', 'process', 'arrang', 'contact', 'reach', 'return',
]);
/** Words of time and repetition in a grievance ("still waiting", "3rd time", "for 2 weeks", "again"). */
const PERSISTENCE_WORDS: ReadonlySet<string> = new Set(['still', 'yet', 'again', 'anymore', 'since', 'keeps', 'repeatedly', 'everytime']);
const DURATION_UNITS: ReadonlySet<string> = new Set([
  'day', 'days', 'hour', 'hours', 'hr', 'hrs', 'week', 'weeks', 'month', 'months', 'minute', 'minutes', 'mins', 'min', 'year', 'years',
]);
const ORDINALS: ReadonlySet<string> = new Set(['2nd', '3rd', '4th', '5th', '6th', 'second', 'third', 'fourth', 'fifth', 'multiple', 'several', 'many', 'every']);
const COUNT_WORDS: ReadonlySet<string> = new Set(['<num>', 'a', 'two', 'three', 'four', 'five', 'six', 'few', 'several', 'many', 'all']);

// The word sets `finish` tests, as bits of one map: one lookup per word instead of up to seven.
const W_FIRST = 1;
const W_SECOND = 2;
const W_PERSISTENCE = 4;
const W_DURATION = 8;
const W_COUNT = 16;
const W_ORDINAL = 32;
const W_TIME = 64;
const WORD_FLAGS: ReadonlyMap<string, number> = (() => {
  const flags = new Map<string, number>();
  const add = (words: Iterable<string>, bit: number): void => {
    for (const w of words) flags.set(w, (flags.get(w) ?? 0) | bit);
  };
  add(FIRST_PERSON, W_FIRST);
  add(SECOND_PERSON, W_SECOND);
  add(PERSISTENCE_WORDS, W_PERSISTENCE);
  add(DURATION_UNITS, W_DURATION);
  add(COUNT_WORDS, W_COUNT);
  add(ORDINALS, W_ORDINAL);
  add(['time', 'times'], W_TIME);
  return flags;
})();
const flagsByWord = new WordFacts<number>();

/** Word-level "sarcasm": a praise opener followed shortly by a failure frame, or #sarcasm. */
function detectSarcasm(tokens: Tokens, lex: LexiconScore, cueCounts: Record<CueGroup, number>): boolean {
  const w = tokens.words;
  for (let i = 0; i < w.length; i++) if (w[i] === 'sarcasm' && tokens.hashtag[i]) return true;
  let opener = -1;
  for (let i = 0; i < w.length && i < 6; i++) {
    const t = w[i]!;
    if (t === '<user>') continue;
    if (SARCASM_OPENERS.has(t)) opener = i;
    break;
  }
  if (opener < 0) return false;
  let frame = false;
  for (let i = opener + 1; i < w.length && i <= opener + 5; i++) if (SARCASM_FRAMES.has(w[i]!)) frame = true;
  return frame && (cueCounts.problem >= 1 || lex.negative < 0);
}

function emptyCueCounts(): Record<CueGroup, number> {
  return {
    request: 0, ask: 0, rhetorical: 0, question: 0, vent: 0, problem: 0, reflexive: 0, advocacy: 0, delight: 0,
    praise: 0, sarcasm: 0, gratitude: 0,
  };
}

function flipPositive(lex: LexiconScore): void {
  for (const h of lex.hits) {
    if (h.value > 0) {
      h.value = -h.value;
      lex.score += 2 * h.value;
      lex.negative += h.value;
    }
  }
  lex.positive = 0;
}

export function analyze(text: string): TextAnalysis {
  return analyzeTokens(tokenize(text));
}

/** `analyze` for a text already tokenized (the classifier tokenizes first to detect the language). */
export function analyzeTokens(tokens: Tokens): TextAnalysis {
  const lexicon = scoreTokens(tokens.words, tokens);
  const matched = cueMatcher.match(tokens.stems, tokens);
  const cues: PhraseHit<CueGroup>[] = [];
  const aspectHits: PhraseHit<AspectMatchGroup>[] = [];
  for (const h of matched) {
    if (CUE_GROUP_SET.has(h.group)) cues.push(h as PhraseHit<CueGroup>);
    else aspectHits.push(h as PhraseHit<AspectMatchGroup>);
  }
  const cueCounts = emptyCueCounts();
  for (const c of cues) {
    // Cues inside a negation scope do not count ("would not recommend").
    if (NEGATABLE_GROUPS.has(c.group) && lexicon.negatedAt[c.start]) continue;
    // "Check out our new menu" is the brand speaking, not a customer advocating.
    if (c.group === 'advocacy' && BRAND_VOICE.has(tokens.words[c.start + c.length] ?? '')) continue;
    cueCounts[c.group]++;
  }
  const sarcasm =
    detectSarcasm(tokens, lexicon, cueCounts) || (cueCounts.sarcasm > 0 && (cueCounts.problem > 0 || lexicon.negative < 0));
  // Praise words in a sarcastic frame count against, not for ("great, another delay").
  if (sarcasm && lexicon.positive > 0) flipPositive(lexicon);
  return { tokens, lexicon, cues, aspectHits, cueCounts, sarcasm };
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

const SEED_WORD = FNV_OFFSET;
const SEED_NEG = hashString('neg', FNV_OFFSET);
const SEED_BIGRAM = hashString('bigram', FNV_OFFSET);
const SEED_CHAR = hashString('char', FNV_OFFSET);
const SEED_BIGRAM_START = hashString('<s>', SEED_BIGRAM);

/** A stem's hashes that do not depend on its neighbours (unmasked, so any hash size can use them). */
interface StemHashes {
  word: number;
  negated: number;
  bigramSeed: number;
}
const hashesByWord = new WordFacts<StemHashes>();
function stemHashes(s: string): StemHashes {
  return { word: hashString(s, SEED_WORD), negated: hashString(s, SEED_NEG), bigramSeed: hashString(s, SEED_BIGRAM) };
}

/** Reusable buffers: extraction allocates nothing per text beyond the tokenizer's output. */
export class FeatureExtractor {
  readonly options: FeatureOptions;
  private readonly mask: number;
  private idx = new Int32Array(4096);
  private val = new Float32Array(4096);
  private n = 0;
  private readonly dense = new Float64Array(DENSE_COUNT);
  /** The returned vectors by length: views into the buffers, made once per length (a view costs an allocation). */
  private vectors: FeatureVector[] = [];

  constructor(options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {
    this.options = options;
    this.mask = (1 << options.hashBits) - 1;
  }

  /** Grows the buffers so that `extra` more entries fit. */
  private reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.idx.length) return;
    let size = this.idx.length * 2;
    while (size < need) size *= 2;
    const idx = new Int32Array(size);
    idx.set(this.idx.subarray(0, this.n));
    const val = new Float32Array(size);
    val.set(this.val.subarray(0, this.n));
    this.idx = idx;
    this.val = val;
    this.vectors = [];
  }

  /**
   * Fills the hashed vector and the dense features. The returned arrays are views into
   * internal buffers, valid until the next call; copy them to keep them.
   */
  extract(a: TextAnalysis): FeatureVector {
    this.n = 0;
    const { words, stems } = a.tokens;
    const lex = a.lexicon;
    const mask = this.mask;

    // Word unigrams, negation-marked unigrams and bigrams, on stems.
    this.reserve(stems.length * 3 + 1);
    let idx = this.idx;
    let val = this.val;
    let n = 0;
    const bigramWeight = this.options.bigramWeight ?? 1;
    let prevHash = SEED_BIGRAM_START;
    const ids = a.tokens.ids;
    const known = hashesByWord.of(a.tokens);
    for (let i = 0; i < stems.length; i++) {
      const s = stems[i]!;
      const h = known?.[ids[i]!] ?? remember(known, ids[i]!, stemHashes(s));
      idx[n] = h.word & mask;
      val[n++] = 1;
      if (lex.negatedAt[i]) {
        idx[n] = h.negated & mask;
        val[n++] = 1;
      }
      idx[n] = hashString(s, prevHash ^ 0x5bd1e995) & mask;
      val[n++] = bigramWeight;
      prevHash = h.bigramSeed;
    }
    idx[n] = hashString('</s>', prevHash ^ 0x5bd1e995) & mask;
    val[n++] = bigramWeight;
    const wordNorm = 1 / Math.sqrt(Math.max(1, n));
    for (let k = 0; k < n; k++) val[k] = val[k]! * wordNorm;
    this.n = n;

    // Character n-grams over the surface words joined by spaces (captures misspellings, morphology),
    // plus the @handles when enabled (support accounts: "…help", "…care").
    const { charMin, charMax } = this.options;
    if (!this.options.charWeight) return this.finish(a, words, lex);
    const handles = a.tokens.handles;
    const joined = this.options.handleChars && handles.length > 0 ? ` ${words.join(' ')} @${handles.join(' @')} ` : ` ${words.join(' ')} `;
    const len = joined.length;
    let charCount = 0;
    for (let i = 0; i + charMin <= len; i++) charCount += Math.min(charMax, len - i) - charMin + 1;
    this.reserve(charCount);
    idx = this.idx;
    val = this.val;
    n = this.n;
    const charValue = (this.options.charWeight ?? 1) / Math.sqrt(Math.max(1, charCount));
    for (let i = 0; i + charMin <= len; i++) {
      let h = SEED_CHAR;
      const stop = Math.min(charMax, len - i);
      for (let k = 0; k < stop; k++) {
        h = Math.imul(h ^ joined.charCodeAt(i + k), FNV_PRIME);
        if (k + 1 >= charMin) {
          idx[n] = h & mask;
          val[n++] = charValue;
        }
      }
    }
    this.n = n;
    return this.finish(a, words, lex);
  }

  /** The dense features, and the vector as views into the buffers. */
  private finish(a: TextAnalysis, words: readonly string[], lex: LexiconScore): FeatureVector {
    const dense = this.dense;
    dense.fill(0);
    const tokenCount = Math.max(1, words.length);
    dense[D.afinn_score] = Math.tanh(lex.score / 4);
    dense[D.afinn_pos] = Math.tanh(lex.positive / 4);
    dense[D.afinn_neg] = Math.tanh(-lex.negative / 4);
    dense[D.afinn_comparative] = Math.tanh(lex.score / tokenCount);
    let questions = 0;
    let exclaims = 0;
    let first = 0;
    let second = 0;
    let negations = 0;
    let numbers = 0;
    // Negated expectations ("still not received") and words of time and repetition ("3rd time",
    // "for 2 weeks", "again"), counted in the same pass.
    let negatedExpectation = 0;
    let persistence = 0;
    const stems = a.tokens.stems;
    const ids = a.tokens.ids;
    const flags = flagsByWord.of(a.tokens);
    let prevFlags = 0;
    let prevNumber = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const f = flags?.[ids[i]!] ?? remember(flags, ids[i]!, WORD_FLAGS.get(w) ?? 0);
      if (w === '?') questions++;
      else if (w === '!') exclaims++;
      else if (w === '<num>') numbers++;
      else if (f & W_FIRST) first++;
      else if (f & W_SECOND) second++;
      else if (f & W_PERSISTENCE) persistence++;
      else if (f & W_DURATION && prevFlags & W_COUNT) persistence++;
      else if (f & W_TIME && (prevFlags & W_ORDINAL || prevNumber)) persistence++;
      prevFlags = f;
      prevNumber = w === '<num>';
      if (lex.negatedAt[i]) {
        if (!lex.negatedAt[i - 1] && i > 0) negations++;
        if (EXPECTATION_STEMS.has(stems[i]!)) negatedExpectation++;
      }
    }
    let opener = 0;
    while (opener < words.length && words[opener] === '<user>') opener++;
    dense[D.question] = Math.min(questions, 2) / 2;
    dense[D.exclaim] = Math.min(exclaims, 2) / 2;
    dense[D.starts_with_mention] = a.tokens.startsWithMention ? 1 : 0;
    dense[D.url] = a.tokens.urls > 0 ? 1 : 0;
    dense[D.many_mentions] = a.tokens.mentions > 1 ? 1 : 0;
    dense[D.service_handle] = a.tokens.serviceHandle ? 1 : 0;
    dense[D.shouting] = a.tokens.upperRatio > 0.6 && words.length > 2 ? 1 : 0;
    dense[D.length] = Math.log1p(words.length) / 5;
    dense[D.first_person] = Math.min(first, 3) / 3;
    dense[D.second_person] = Math.min(second, 3) / 3;
    dense[D.negations] = Math.min(negations, 3) / 3;
    dense[D.negated_positive] = Math.min(lex.negatedPositive, 2) / 2;
    dense[D.negated_negative] = Math.min(lex.negatedNegative, 2) / 2;
    dense[D.sarcasm] = a.sarcasm ? 1 : 0;
    dense[D.number] = numbers > 0 ? 1 : 0;
    dense[D.question_opening] = opener < words.length && QUESTION_OPENERS.has(words[opener]!) ? 1 : 0;
    dense[D.negated_expectation] = Math.min(negatedExpectation, 2) / 2;
    dense[D.persistence] = Math.min(persistence, 3) / 3;
    for (let k = 0; k < CUE_GROUPS.length; k++) dense[CUE_SLOTS[k]!] = Math.min(a.cueCounts[CUE_GROUPS[k]!], 3) / 3;

    const n = this.n;
    return (this.vectors[n] ??= { idx: this.idx.subarray(0, n), val: this.val.subarray(0, n), dense });
  }
}

/** Copies a vector out of the extractor's buffers (training keeps thousands of them). */
export function copyVector(v: FeatureVector): FeatureVector {
  return { idx: v.idx.slice(), val: v.val.slice(), dense: v.dense.slice() };
}
