/**
 * Matches phrase cues against folded words. A pattern word ending in "*" matches any word it
 * starts ("devolv*" matches "devolvi", "devolverlo"); "~" skips up to three words of the same
 * clause ("wollte ~ lieben"); "?" and "!" match themselves.
 */
import { CUE_GROUPS, type LanguageCode, type LanguageCueGroup } from './language-pack.types.ts';
import { foldWord } from './text.ts';

export interface CueHit {
  group: LanguageCueGroup;
  start: number;
  length: number;
}

interface Pattern {
  group: LanguageCueGroup;
  /** Per word: the folded text and whether it is a prefix ("~": a gap). */
  words: { text: string; prefix: boolean }[];
}

const GAP = '~';
const MAX_GAP = 3;
const CLAUSE_END = new Set(['.', '?', '!']);

/** Length of the match of p.words[k…] at words[i…], or -1. */
function matchFrom(p: Pattern, k: number, words: readonly string[], i: number): number {
  if (k === p.words.length) return 0;
  const pw = p.words[k]!;
  if (pw.text === GAP) {
    for (let skip = 0; skip <= MAX_GAP; skip++) {
      if (skip > 0 && (i + skip - 1 >= words.length || CLAUSE_END.has(words[i + skip - 1]!))) break;
      const rest = matchFrom(p, k + 1, words, i + skip);
      if (rest >= 0) return skip + rest;
    }
    return -1;
  }
  if (i >= words.length || !wordMatches(pw, words[i]!)) return -1;
  const rest = matchFrom(p, k + 1, words, i + 1);
  return rest < 0 ? -1 : 1 + rest;
}

const KEY = 3;
const keyOf = (w: string): string => w.slice(0, KEY);

function wordMatches(p: { text: string; prefix: boolean }, w: string): boolean {
  return p.prefix ? w.startsWith(p.text) : w === p.text;
}

export class CueMatcher {
  private readonly byKey = new Map<string, Pattern[]>();

  constructor(cues: Readonly<Record<LanguageCueGroup, readonly string[]>>, lang: LanguageCode) {
    for (const group of CUE_GROUPS) {
      for (const phrase of cues[group]) {
        const words = phrase
          .split(/[\s']+/)
          .filter(Boolean)
          .map((raw) => {
            const prefix = raw.endsWith('*') && raw.length > 1;
            const text = raw === '?' || raw === '!' || raw === GAP ? raw : foldWord(prefix ? raw.slice(0, -1) : raw, lang);
            return { text, prefix };
          });
        if (words.length === 0 || words[0]!.text === GAP) continue;
        const first = words[0]!;
        // A prefix shorter than the key would need every bucket: refuse it at load instead.
        if (first.prefix && first.text.length < KEY) throw new Error(`cue "${phrase}" (${lang}): a leading prefix needs ${KEY}+ letters`);
        const key = keyOf(first.text);
        let list = this.byKey.get(key);
        if (!list) this.byKey.set(key, (list = []));
        list.push({ group, words });
      }
    }
    for (const list of this.byKey.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Every match, left to right; one per group per start position (the longest). */
  match(words: readonly string[]): CueHit[] {
    const hits: CueHit[] = [];
    for (let i = 0; i < words.length; i++) {
      const list = this.byKey.get(keyOf(words[i]!));
      if (!list) continue;
      let seen = 0;
      for (const p of list) {
        const bit = 1 << CUE_GROUPS.indexOf(p.group);
        if (seen & bit) continue;
        const length = matchFrom(p, 0, words, i);
        if (length > 0) {
          seen |= bit;
          hits.push({ group: p.group, start: i, length });
        }
      }
    }
    return hits;
  }
}
