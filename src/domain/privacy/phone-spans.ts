/**
 * Phone numbers in national and international formats. A run of digit groups (joined by single
 * spaces, dashes, dots, slashes or an area code in brackets) is cut into windows at its spaces,
 * and the longest windows that read as a phone number are taken, so two numbers side by side are
 * two phones and a phone next to a quantity leaves the quantity alone.
 *
 * What makes a window a phone: 7–15 digits after `+` or `00`; otherwise 8–15 (7 after a word such
 * as "call" or "tel"), unless it reads as something else: a date, a year range, an IP address, a
 * version (dotted, with one-digit parts), a list of small numbers, a sum of money or a quantity, or
 * a number the words before it call an order, a reference, a model…
 */
import { SPACED_LETTER, type DetectOptions, type PiiSpan } from './pii-span.ts';

const RUN = /(?:\+ ?|\b00 ?)?\(?\d(?:\d|[ ./-]\(?(?=\d)|\) ?(?=\d)| - (?=\d)| ?\((?=\d{1,5}\)))*\)?/gu;
const PHONE_WORD = String.raw`tel|tél|tele?phone|téléphone|teléfono|telefono|telefon|telefone|phone|ph|call|calling|ring|mobile|mob|cell|cellphone|handy|portable|móvil|celular|whatsapp|viber|text|sms|fax|hotline|dial|contact|reach|телефон|тел`;
// Says a number follows, not which kind: it counts only when no other word says otherwise.
const NUMBER_WORD = String.raw`number is|numéro|número|numero|nummer`;
const NEGATIVE_CUE = String.raw`orders?|no\.|nr\.?|nº|ref|reference|invoice|inv|tracking|track|ticket|case|booking|reservation|confirmation|receipt|transaction|txn|sku|item|article|model|serial|s/n|sn|part|isbn|ean|upc|id|version|ver|v|build|firmware|release|code|zip|postcode|postal|pin|batch|lot|account|acct|member|membership|loyalty|voucher|coupon|page|pages|room|flight|seat|route|chapter|bestellung|commande|pedido|ordine|заказ`;
const NON_LATIN_POSITIVE = '電話|电话|手机|携帯|연락처|전화|هاتف|جوال|رقم|تلفن|फ़ोन|फोन|โทร';
// `(?<![…[])`: a placeholder such as `[phone]` is not a cue, so redacting twice changes nothing.
const CUE = new RegExp(String.raw`(?:(?<![\p{L}[])(?:(${PHONE_WORD})|(${NEGATIVE_CUE})|(${NUMBER_WORD}))(?![\p{L}])|(${NON_LATIN_POSITIVE})|(#))`, 'giu');
const CUE_WINDOW = 32;
const UNIT_AFTER = /^ ?(?:[$€£¥₹₩₫%]|(?:usd|eur|gbp|jpy|inr|krw|vnd|dollars?|euros?|pounds?|yen|won|dong|rupees?|kr|sek|nok|dkk|chf|pln|zł|km|miles?|mi|kg|g|lbs?|mb|gb|tb|mah|steps|views|followers|users|customers|people|downloads|points|pts|calories|kcal)(?![\p{L}]))/iu;
const MONEY_BEFORE = /[$€£¥₹₩₫] ?$|(?:usd|eur|gbp|rs\.?|inr|r\$|chf|kr) ?$/iu;
const WORD_AFTER = new RegExp(String.raw`^(?:${SPACED_LETTER}|[\p{N}_]|:\d)`, 'u');
// ZIP+4 after a state code (CA 94043-1351), not a 5-4 phone.
const ZIP_PLUS_4 = /^\d{5}-\d{4}$/;
const STATE_BEFORE = /\b[A-Z]{2},? $/;

type Cue = 'positive' | 'negative' | null;

/** What the words just before `at` say: the nearest phone or non-phone word decides. */
function cueBefore(text: string, at: number, context: string): Cue {
  const before = (context && at < CUE_WINDOW ? `${context} ` : '') + text.slice(Math.max(0, at - CUE_WINDOW), at);
  let cue: Cue = null;
  let number = false;
  for (const m of before.matchAll(CUE)) {
    if (m[3]) number = true;
    else cue = m[1] || m[4] ? 'positive' : 'negative';
  }
  return cue ?? (number ? 'positive' : null);
}

const isYear = (g: string) => g.length === 4 && (g.startsWith('19') || g.startsWith('20'));
const isMonth = (g: string) => g.length <= 2 && +g >= 1 && +g <= 12;
const isDay = (g: string) => g.length <= 2 && +g >= 1 && +g <= 31;

function looksLikeDate(groups: string[]): boolean {
  if (groups.length === 1) {
    const g = groups[0]!;
    return g.length === 8 && isYear(g.slice(0, 4)) && isMonth(g.slice(4, 6)) && isDay(g.slice(6));
  }
  if (groups.every(isYear)) return true;
  if (groups.length !== 3) return false;
  const [a, b, c] = groups as [string, string, string];
  return (isYear(a) && isMonth(b) && isDay(c)) || (isYear(c) && ((isDay(a) && isMonth(b)) || (isMonth(a) && isDay(b))));
}

// No letter, digit or number-ish sign may touch a run's start (`x-1234…`, `#1234…`, `$1 234…`).
const TOUCHING_BEFORE = new RegExp(String.raw`${SPACED_LETTER}|[\p{N}_@#$€£¥₹%.,/+\-]`, 'u');
/** A leading + marks a phone even when glued to a word (`call-+33…`); a colon only blocks after a digit (10:30). */
function touchesBefore(text: string, at: number, run: string): boolean {
  const before = text.charAt(at - 1);
  if (run.startsWith('+')) return /\d/.test(before);
  return TOUCHING_BEFORE.test(before) || (before === ':' && /\d/.test(text.charAt(at - 2)));
}

const countDigits = (s: string) => s.replace(/\D/g, '').length;

/** Cheapest tests first: most runs of digits in reviews are too short or plainly something else. */
function isPhone(text: string, start: number, end: number, options: DetectOptions): boolean {
  const window = text.slice(start, end);
  const groups = window.match(/\d+/g) ?? [];
  const digits = groups.join('').length - (window.startsWith('00') ? 2 : 0);
  if (digits < 7 || digits > 15 || WORD_AFTER.test(text.slice(end, end + 2))) return false;
  if (window.startsWith('+') || window.startsWith('00')) return true;
  if (groups.length === 1 && !options.bareNumbers) return false;
  if (looksLikeDate(groups) || window.split(' ').some((chunk) => looksLikeDate(chunk.match(/\d+/g) ?? []))) return false;
  // A one-digit group only opens a number (a trunk or country code: 1-800…, 8 (495)…).
  if (groups.slice(1).some((g) => g.length === 1)) return false;
  if (/^[\d.]+$/.test(window) && groups.length === 4 && groups.every((g) => g.length <= 3)) return false; // an IP address
  if (ZIP_PLUS_4.test(window) && STATE_BEFORE.test(text.slice(Math.max(0, start - 5), start))) return false;
  if (UNIT_AFTER.test(text.slice(end, end + 16)) || MONEY_BEFORE.test(text.slice(Math.max(0, start - 6), start))) return false;
  const cue = cueBefore(text, start, options.context);
  if (cue !== null) return cue === 'positive';
  if (digits < 8) return false;
  // "38 39 40 41": a list; national numbers in pairs start with a trunk 0 (06 12 34 56 78).
  return !(groups.length >= 4 && groups.every((g) => g.length <= 2) && !groups[0]!.startsWith('0'));
}

export function phoneSpans(text: string, options: DetectOptions): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const run of text.matchAll(RUN)) {
    if (countDigits(run[0]) < 7) continue;
    // Cut at spaces into chunks ("555 - 1234" stays one), then take the longest phone windows from the left.
    const chunks: Array<{ start: number; end: number }> = [];
    for (const c of run[0].matchAll(/[^ ]+(?: - [^ ]+)*/g)) chunks.push({ start: run.index + c.index, end: run.index + c.index + c[0].length });
    // A first chunk glued to what precedes it (x-1234, 10:30) is not a phone's start; the rest may be.
    let i = touchesBefore(text, run.index, run[0]) ? 1 : 0;
    while (i < chunks.length) {
      let next = i + 1;
      for (let j = Math.min(chunks.length - 1, i + 7); j >= i; j--) {
        if (isPhone(text, chunks[i]!.start, chunks[j]!.end, options)) {
          spans.push({ start: chunks[i]!.start, end: chunks[j]!.end, kind: 'phone' });
          next = j + 1;
          break;
        }
      }
      i = next;
    }
  }
  return spans;
}
