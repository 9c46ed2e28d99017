import { remember, stem, WordFacts, type Tokens } from './tokenize.ts';

export interface PhraseHit<G extends string> {
  group: G;
  /** The phrase as written in the lexicon, shown to users as a cue. */
  phrase: string;
  /** Index of the first token of the match. */
  start: number;
  length: number;
}

interface Entry<G extends string> {
  stems: string[];
  group: G;
  phrase: string;
}

/**
 * Matches a fixed lexicon of (multi-word) phrases against a token stream in one pass:
 * phrases are indexed by their first stem, so each token costs one Map lookup.
 */
const NO_ENTRIES: readonly never[] = [];

export class PhraseMatcher<G extends string> {
  private readonly byFirst = new Map<string, Entry<G>[]>();
  /** byFirst by word id (the stem is the word's): an array read per token. */
  private readonly byWord = new WordFacts<readonly Entry<G>[]>();

  constructor(lexicon: Readonly<Record<G, readonly string[]>>) {
    for (const group of Object.keys(lexicon) as G[]) {
      for (const phrase of lexicon[group]) {
        const stems = phraseStems(phrase);
        if (stems.length === 0) continue;
        const first = stems[0]!;
        let list = this.byFirst.get(first);
        if (!list) this.byFirst.set(first, (list = []));
        list.push({ stems, group, phrase });
      }
    }
    // Longest phrases first, so "not working" wins over "working".
    for (const list of this.byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  /**
   * All matches, left to right; overlapping matches of different groups are all reported.
   * `tokens`, when the stems are theirs, lets lookups go by word id.
   */
  match(stems: readonly string[], tokens?: Pick<Tokens, 'ids' | 'epoch'>): PhraseHit<G>[] {
    const hits: PhraseHit<G>[] = [];
    const known = tokens ? this.byWord.of(tokens) : null;
    const ids = tokens?.ids;
    for (let i = 0; i < stems.length; i++) {
      const list = known
        ? (known[ids![i]!] ?? remember(known, ids![i]!, this.byFirst.get(stems[i]!) ?? NO_ENTRIES))
        : this.byFirst.get(stems[i]!);
      if (!list || list.length === 0) continue;
      // Groups already matched at this position (longest first): a plain array, as lists are short
      // and this runs for most tokens.
      const firstHit = hits.length;
      for (const e of list) {
        if (i + e.stems.length > stems.length) continue;
        let seen = false;
        for (let k = firstHit; k < hits.length; k++) if (hits[k]!.group === e.group) seen = true;
        if (seen) continue;
        let ok = true;
        for (let k = 1; k < e.stems.length; k++) {
          if (stems[i + k] !== e.stems[k]) {
            ok = false;
            break;
          }
        }
        if (ok) {
          hits.push({ group: e.group, phrase: e.phrase, start: i, length: e.stems.length });
        }
      }
    }
    return hits;
  }
}

/** Stems a lexicon phrase the same way the tokenizer stems text. */
export function phraseStems(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => (w === '?' || w === '!' || w.startsWith('<') ? w : stem(w)));
}
