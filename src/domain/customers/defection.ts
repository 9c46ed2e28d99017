/** Switching and cancelling language: a customer saying they are leaving, or have left. */

export interface DefectionMatch {
  /** The phrase as written (lower-cased), e.g. "going back to @rivalroast". */
  phrase: string;
  reason: 'switching' | 'cancelled' | 'never-again' | 'going-back' | 'leaving';
}

/** A target after "switching to" / "going back to": up to the end of the clause, at most 40 characters. */
const TARGET = String.raw`\s+[^.,!?;:\n]{1,40}`;
const PLAN = String.raw`(?:my|our|the) (?:@?[\w.-]+ )?(?:subscription|account|membership|plan|contract)s?\b`;

const PATTERNS: Array<{ re: RegExp; reason: DefectionMatch['reason'] }> = [
  // "moving to" alone is too often an address change; "moving over to" is a switch.
  { re: new RegExp(String.raw`\b(?:switch(?:ing|ed)?(?: over)?|mov(?:ing|ed) over) to${TARGET}`, 'i'), reason: 'switching' },
  { re: new RegExp(String.raw`\bgo(?:ing|ne)? back to${TARGET}`, 'i'), reason: 'going-back' },
  // Done or decided: "cancelled my subscription", "I'm going to cancel my plan" — not "forgot to cancel the subscription".
  { re: new RegExp(String.raw`\b(?:cancel(?:l?ed|l?ing)|terminat(?:ed|ing)|clos(?:ed|ing)) ${PLAN}`, 'i'), reason: 'cancelled' },
  { re: new RegExp(String.raw`\b(?:(?:going|about|planning|want) to|will|'ll) cancel ${PLAN}`, 'i'), reason: 'cancelled' },
  { re: /\bunsubscrib(?:ed|ing)\b/i, reason: 'cancelled' },
  { re: /\bnever (?:again|buying|ordering|coming back|shopping|using)\b/i, reason: 'never-again' },
  { re: /\b(?:done with|finished with|lost a customer|last time i (?:buy|order|use))\b/i, reason: 'leaving' },
];

/** Every defection cue in `text`, first match per pattern. Pure; run on stored (PII-redacted) text. */
export function detectDefection(text: string): DefectionMatch[] {
  const out: DefectionMatch[] = [];
  for (const { re, reason } of PATTERNS) {
    const m = re.exec(text);
    if (m) out.push({ phrase: m[0].toLowerCase().replace(/\s+/g, ' ').trim(), reason });
  }
  return out;
}
