/**
 * Payment card numbers: 13–19 digits that pass the Luhn check, written in one block or in the
 * groups cards print (4-4-4-4…, 4-6-5 for Amex, 4-6-4 for Diners) joined by spaces, dashes, dots
 * or underscores. Other groupings (an ISBN's 3-1-3-5-1) are left to the other detectors.
 */
import { SPACED_LETTER, type DetectOptions, type PiiSpan } from './pii-span.ts';

// ASCII \b keeps the scan fast; letters and digits of other scripts around it are ruled out below.
const CANDIDATE = /\b\d(?:[ _.\-]?\d){12,18}\b/g;
const LETTER_OR_DIGIT = new RegExp(String.raw`${SPACED_LETTER}|\p{N}`, 'u');
const CARD_GROUPING = /^(?:\d{13,19}|\d{4}(?:[ _.\-]\d{4}){2,3}(?:[ _.\-]\d{1,4})?|\d{4}[ _.\-]\d{6}[ _.\-]\d{4,5})$/;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function cardSpans(text: string, options: DetectOptions): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    if (LETTER_OR_DIGIT.test(text.charAt(m.index - 1)) || LETTER_OR_DIGIT.test(text.charAt(m.index + m[0].length))) continue;
    const digits = m[0].replace(/\D/g, '');
    if (!options.bareNumbers && digits === m[0]) continue;
    if (CARD_GROUPING.test(m[0]) && passesLuhn(digits)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'card' });
  }
  return spans;
}
