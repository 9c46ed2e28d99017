/**
 * A polarity lookup for one language: our own lexicon first (exact word, then stem, then the
 * longest "prefix*" entry), then, when given, a broad vocabulary shipped with `natural` (word,
 * then stem), scaled down because its words are less sure in reviews and service talk.
 */
import type { LanguagePack } from './language-pack.types.ts';
import { foldWord } from './text.ts';

export interface PolarityLookup {
  /** Polarity of a folded word, or 0. */
  polarity(word: string): number;
}

export function buildLookup(pack: LanguagePack, vocabulary: ReadonlyMap<string, number> | null, vocabularyWeight: number): PolarityLookup {
  const exact = new Map<string, number>();
  const byStem = new Map<string, number>();
  const prefixes: [string, number][] = [];
  for (const [raw, value] of Object.entries(pack.lexicon)) {
    if (raw.endsWith('*')) {
      prefixes.push([foldWord(raw.slice(0, -1), pack.code), value]);
      continue;
    }
    const w = foldWord(raw, pack.code);
    exact.set(w, value);
    const s = pack.stem(w);
    // Short stems reach too far ("pourri" → "pourr" would take "pourraient").
    if (s.length < 4) continue;
    // A stem shared by words of opposite sign is no evidence; the first entry wins otherwise.
    if (!byStem.has(s)) byStem.set(s, value);
    else if (Math.sign(byStem.get(s)!) !== Math.sign(value)) byStem.set(s, 0);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  const vocabStems = new Map<string, number>();
  if (vocabulary) {
    for (const [w, v] of vocabulary) {
      const s = pack.stem(w);
      if (!vocabStems.has(s)) vocabStems.set(s, v);
    }
  }
  const cache = new Map<string, number>();
  return {
    polarity(word: string): number {
      const hit = cache.get(word);
      if (hit !== undefined) return hit;
      let v = exact.get(word);
      if (v === undefined && word.length > 2) {
        const s = pack.stem(word);
        // Only endings, not a longer word that happens to share the stem.
        if (word.length - s.length <= 4) v = byStem.get(s);
      }
      if (v === undefined) for (const [p, pv] of prefixes) if (word.startsWith(p)) { v = pv; break; }
      if (v === undefined && vocabulary && word.length > 2) {
        const vv = vocabulary.get(word) ?? vocabStems.get(pack.stem(word));
        if (vv !== undefined) v = vv * vocabularyWeight;
      }
      v ??= 0;
      if (cache.size > 50_000) cache.clear();
      cache.set(word, v);
      return v;
    },
  };
}
