/**
 * Per-source relevance lists, applied before classification: "apple" the brand, not the fruit.
 * Keywords and phrases match whole words, ignoring case and accents.
 */

export interface KeywordFilter {
  /** True when the text may pass: it matches an include keyword (if there are any) and no exclude keyword. */
  accepts(text: string): boolean;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(keywords: string[]): RegExp | null {
  const terms = keywords.map((k) => fold(k.trim())).filter(Boolean);
  if (terms.length === 0) return null;
  const alternatives = terms.map((t) => t.split(/\s+/).map(escape).join('\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}

export function keywordFilter(include: string[] = [], exclude: string[] = []): KeywordFilter {
  const inc = matcher(include);
  const exc = matcher(exclude);
  return {
    accepts(text: string) {
      if (!inc && !exc) return true;
      const folded = fold(text);
      if (inc && !inc.test(folded)) return false;
      return !(exc && exc.test(folded));
    },
  };
}
