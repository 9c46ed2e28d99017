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

/** The phrases starting with one stem, longest first, and the same split by their second stem. */
interface FirstStem<G extends string> {
  /** Phrases of one word. */
  singles: readonly Entry<G>[];
  /** By second stem: the phrases with that second stem, and the singles, in longest-first order. */
  bySecond: ReadonlyMap<string, readonly Entry<G>[]>;
}

const NO_PHRASES: FirstStem<never> = { singles: [], bySecond: new Map() };

/**
 * Matches a fixed lexicon of (multi-word) phrases against a token stream in one pass: phrases are
 * indexed by their first stem and then their second ("i" starts 69 phrases), so each token costs
 * a lookup or two and the few phrases that can still match.
 */
export class PhraseMatcher<G extends string> {
  private readonly byFirst = new Map<string, FirstStem<G>>();
  /** byFirst by word id (the stem is the word's): an array read per token. */
  private readonly byWord = new WordFacts<FirstStem<G>>();

  constructor(lexicon: Readonly<Record<G, readonly string[]>>) {
    const lists = new Map<string, Entry<G>[]>();
    for (const group of Object.keys(lexicon) as G[]) {
      for (const phrase of lexicon[group]) {
        const stems = phraseStems(phrase);
        if (stems.length === 0) continue;
        const first = stems[0]!;
        let list = lists.get(first);
        if (!list) lists.set(first, (list = []));
        list.push({ stems, group, phrase });
      }
    }
    for (const [first, list] of lists) {
      // Longest phrases first, so "not working" wins over "working".
      list.sort((a, b) => b.stems.length - a.stems.length);
      const bySecond = new Map<string, Entry<G>[]>();
      for (const e of list) if (e.stems.length > 1) bySecond.set(e.stems[1]!, []);
      for (const [second, entries] of bySecond) {
        for (const e of list) if (e.stems.length === 1 || e.stems[1] === second) entries.push(e);
      }
      this.byFirst.set(first, { singles: list.filter((e) => e.stems.length === 1), bySecond });
    }
  }

  /**
   * All matches, left to right; overlapping matches of different groups are all reported.
   * `tokens`, when the stems are theirs, lets lookups go by word id.
   */
  match(stems: readonly string[], tokens?: Pick<Tokens, 'ids' | 'epoch'>): PhraseHit<G>[] {
    const hits: PhraseHit<G>[] = [];
    const known = tokens ? this.byWord.of(tokens) : null;
    const ids = tokens?.ids ?? [];
    for (let i = 0; i < stems.length; i++) {
      const starts = known?.[ids[i]!] ?? remember(known, ids[i]!, this.byFirst.get(stems[i]!) ?? NO_PHRASES);
      if (starts === NO_PHRASES) continue;
      const list = (i + 1 < stems.length ? starts.bySecond.get(stems[i + 1]!) : undefined) ?? starts.singles;
      if (list.length === 0) continue;
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
