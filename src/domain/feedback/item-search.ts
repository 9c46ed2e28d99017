/**
 * The `q` text filter on items: every term must occur in the item's (PII-redacted) text, ignoring
 * case; a "quoted phrase" is one term. Terms match anywhere in a word ("refund" finds "refunded").
 * Pure: the repository turns the terms into case-insensitive regular expressions.
 */
export const MAX_SEARCH_TERMS = 8;
export const MIN_TERM_LENGTH = 2;

/** `checkout "card charged"` → ['checkout', 'card charged']. */
export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  for (const m of q.matchAll(/"([^"]*)"|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim().replace(/\s+/g, ' ');
    if (term && !terms.includes(term.toLowerCase())) terms.push(term.toLowerCase());
  }
  return terms;
}

/** The term as a literal pattern (regular-expression characters escaped). */
export const literalPattern = (term: string): string => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
