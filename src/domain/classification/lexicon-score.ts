/**
 * AFINN scoring (the `sentiment` package's word list and emoji table) over our own tokens,
 * extended with domain terms, negation scope and intensifiers. Scoring our tokens directly
 * avoids tokenizing every text twice.
 */
import { createRequire } from 'node:module';
import { DOMAIN_SENTIMENT, INTENSIFIERS, NEGATORS } from './lexicons.ts';
import { remember, WordFacts, type Tokens } from './tokenize.ts';

// JSON through require: tsx's JSON-module transform chokes on AFINN keys that are reserved words.
const require = createRequire(import.meta.url);
const afinnLabels = require('sentiment/languages/en/labels.json') as Record<string, number>;
const emojiLabels = require('sentiment/build/emoji.json') as Record<string, number>;

const LEXICON: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(afinnLabels)) {
    if (k.includes(' ')) continue; // multi-word entries: our phrase cues cover the useful ones
    m.set(k.replace(/'/g, ''), v);
  }
  for (const [k, v] of Object.entries(emojiLabels)) m.set(k, v);
  for (const [k, v] of Object.entries(DOMAIN_SENTIMENT)) m.set(k, v);
  return m;
})();

/** Negation covers this many following words, stopping at "?", "!" or "but". */
const NEGATION_SCOPE = 3;
/** A negated sentiment word is weaker than its opposite ("not bad" is mildly good). */
const NEGATION_FACTOR = -0.75;
const SCOPE_BREAKERS: ReadonlySet<string> = new Set(['?', '!', 'but', 'however', 'although', 'though']);

export interface LexiconScore {
  score: number;
  positive: number;
  negative: number;
  /** Tokens whose (possibly flipped) score is non-zero, in order, for cues. */
  hits: { word: string; value: number; negated: boolean }[];
  /** Per token: true when inside a negation scope. */
  negatedAt: boolean[];
  negatedPositive: number;
  negatedNegative: number;
}

export function lexiconValue(word: string): number | undefined {
  return LEXICON.get(word);
}

/** What a word does in scoring; words with no role are absent from ROLES. */
interface WordRole {
  breaksScope: boolean;
  negates: boolean;
  value: number | undefined;
  intensity: number | undefined;
}

const NO_ROLE: WordRole = { breaksScope: false, negates: false, value: undefined, intensity: undefined };

// Scope breakers, negators, sentiment values and intensifiers in one map: one lookup per token.
const ROLES: ReadonlyMap<string, WordRole> = (() => {
  const roles = new Map<string, WordRole>();
  const role = (w: string): WordRole => {
    let r = roles.get(w);
    if (!r) roles.set(w, (r = { ...NO_ROLE }));
    return r;
  };
  for (const w of SCOPE_BREAKERS) role(w).breaksScope = true;
  for (const w of NEGATORS) role(w).negates = true;
  for (const [w, v] of LEXICON) role(w).value = v;
  for (const [w, v] of INTENSIFIERS) role(w).intensity = v;
  return roles;
})();
const roleByWord = new WordFacts<WordRole>();

/** Scores words; `tokens`, when the words are theirs, lets lookups go by word id. */
export function scoreTokens(words: readonly string[], tokens?: Pick<Tokens, 'ids' | 'epoch'>): LexiconScore {
  const roles = tokens ? roleByWord.of(tokens) : null;
  const ids = tokens?.ids ?? [];
  let score = 0;
  let positive = 0;
  let negative = 0;
  let negatedPositive = 0;
  let negatedNegative = 0;
  let scopeLeft = 0;
  let boost = 1;
  const hits: LexiconScore['hits'] = [];
  const negatedAt = new Array<boolean>(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const role = roles?.[ids[i]!] ?? remember(roles, ids[i]!, ROLES.get(w) ?? NO_ROLE);
    if (role.breaksScope) scopeLeft = 0;
    negatedAt[i] = scopeLeft > 0;
    if (role.negates) {
      scopeLeft = NEGATION_SCOPE;
      continue;
    }
    const base = role.value;
    if (base !== undefined && base !== 0) {
      const negated = scopeLeft > 0;
      let v = base * boost;
      if (negated) {
        v *= NEGATION_FACTOR;
        if (base > 0) negatedPositive++;
        else negatedNegative++;
      }
      score += v;
      if (v > 0) positive += v;
      else negative += v;
      hits.push({ word: w, value: v, negated });
      boost = 1;
    } else {
      boost = role.intensity ?? 1;
    }
    if (scopeLeft > 0) scopeLeft--;
  }
  return { score, positive, negative, hits, negatedAt, negatedPositive, negatedNegative };
}
