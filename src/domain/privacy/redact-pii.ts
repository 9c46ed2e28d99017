/** Removes what customers should never have to trust us with from free text, before it is stored. */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes: candidate card numbers, confirmed by Luhn.
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;
// International or national phone numbers: 9+ digits with optional +, spaces, dots, dashes, brackets.
const PHONE = /(?<![\w@])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?!\w)/g;

function passesLuhn(digits: string): boolean {
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

function countDigits(s: string): number {
  let n = 0;
  for (const ch of s) if (ch >= '0' && ch <= '9') n++;
  return n;
}

/** Replaces e-mail addresses, card numbers (Luhn-valid) and phone numbers with placeholders. */
export function redactPii(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD_CANDIDATE, (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) ? '[card]' : m;
    })
    .replace(PHONE, (m) => (countDigits(m) >= 9 ? '[phone]' : m));
}
