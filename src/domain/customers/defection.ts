/** Switching and cancelling language: a customer saying they are leaving, or have left. */

export interface DefectionMatch {
  /** The phrase as written (lower-cased), e.g. "going back to @rivalroast". */
  phrase: string;
  reason: 'switching' | 'cancelled' | 'never-again' | 'going-back' | 'leaving';
}

const PATTERNS: Array<{ re: RegExp; reason: DefectionMatch['reason'] }> = [
  { re: /\b(?:switch(?:ing|ed)?|mov(?:ing|ed)|chang(?:ing|ed)) (?:over )?to\s+@?[\w.-]+/i, reason: 'switching' },
  { re: /\bgo(?:ing|ne)? back to\s+@?[\w.-]+/i, reason: 'going-back' },
  { re: /\b(?:cancel(?:l?ed|l?ing)?|terminat(?:ed|ing)|clos(?:ed|ing)) (?:my|our|the) (?:@?[\w.-]+ )?(?:subscription|account|membership|plan|contract)s?\b/i, reason: 'cancelled' },
  { re: /\bunsubscrib(?:ed|ing)\b/i, reason: 'cancelled' },
  { re: /\bnever (?:again|buying|ordering|coming back|shopping|using)\b/i, reason: 'never-again' },
  { re: /\b(?:done with|finished with|lost a customer|last time i (?:buy|order|use))\b/i, reason: 'leaving' },
];

/** Every defection cue in `text`, first match per pattern. Pure; run on stored (PII-redacted) text. */
export function detectDefection(text: string): DefectionMatch[] {
  const out: DefectionMatch[] = [];
  for (const { re, reason } of PATTERNS) {
    const m = re.exec(text);
    if (m) out.push({ phrase: m[0].toLowerCase().replace(/\s+/g, ' ').replace(/[.-]+$/, ''), reason });
  }
  return out;
}
