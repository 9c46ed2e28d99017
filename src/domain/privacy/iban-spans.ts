/**
 * International bank account numbers (IBAN), compact or in groups of four: a known country's
 * length and the ISO 7064 mod-97 check must both hold, so ordinary codes are not mistaken for one.
 */
import { SPACED_LETTER, type PiiSpan } from './pii-span.ts';

/** IBAN length per country (ISO 13616 registry). */
const LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28,
  PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

// ASCII \b keeps the scan fast; a letter or digit of another script before it is ruled out below.
const START = /\b[A-Za-z]{2}\d{2}[ \-]?[A-Za-z0-9]/g;
const LETTER_OR_DIGIT = new RegExp(String.raw`${SPACED_LETTER}|\p{N}`, 'u');
const ALNUM = /[A-Za-z0-9]/;

function passesMod97(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const value = ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    rest = (value > 9 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest === 1;
}

export function ibanSpans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(START)) {
    const length = LENGTH[m[0].slice(0, 2).toUpperCase()];
    if (!length || LETTER_OR_DIGIT.test(text.charAt(m.index - 1))) continue;
    // Walk the characters, one space or dash allowed between them, until the country's length.
    let compact = '';
    let pos = m.index;
    while (pos < text.length && compact.length < length) {
      const ch = text[pos]!;
      if (ALNUM.test(ch)) compact += ch.toUpperCase();
      else if (!(ch === ' ' || ch === '-') || !compact || !ALNUM.test(text[pos + 1] ?? '')) break;
      pos++;
    }
    if (compact.length === length && !LETTER_OR_DIGIT.test(text.charAt(pos)) && passesMod97(compact)) {
      spans.push({ start: m.index, end: pos, kind: 'iban' });
    }
  }
  return spans;
}
