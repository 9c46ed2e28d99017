/**
 * Matches phrase cues against folded words. A pattern word ending in "*" matches any word it
 * starts ("devolv*" matches "devolvi", "devolverlo"); "?" and "!" match themselves.
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
  /** Per word: the folded text and whether it is a prefix. */
  words: { text: string; prefix: boolean }[];
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
            const text = raw === '?' || raw === '!' ? raw : foldWord(prefix ? raw.slice(0, -1) : raw, lang);
            return { text, prefix };
          });
        if (words.length === 0) continue;
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
        if (seen & bit || i + p.words.length > words.length) continue;
        let ok = true;
        for (let k = 0; k < p.words.length && ok; k++) ok = wordMatches(p.words[k]!, words[i + k]!);
        if (ok) {
          seen |= bit;
          hits.push({ group: p.group, start: i, length: p.words.length });
        }
      }
    }
    return hits;
  }
}
