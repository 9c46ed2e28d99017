/**
 * Removes what customers should never have to trust us with from free text, before it is stored:
 * e-mail addresses, bank accounts (IBAN), card numbers and phone numbers become `[email]`,
 * `[iban]`, `[card]`, `[phone]`. Matching runs on a normalised copy (digits of every script,
 * full-width forms) and only the matched characters of the original are replaced.
 */
import { cardSpans } from './card-spans.ts';
import { emailSpans } from './email-spans.ts';
import { ibanSpans } from './iban-spans.ts';
import { matchingText, originalSpan } from './matching-text.ts';
import { phoneSpans } from './phone-spans.ts';
import type { DetectOptions, PiiSpan } from './pii-span.ts';

// Stands in for what a detector has taken: neither letter, digit nor separator, so later detectors stop at it.
const TAKEN = '\uE000';
const MAY_HOLD_EMAIL = /@|\b(?:at|arroba|arobase|chiocciola)\b|[\[({<] ?a ?[\])}>]|собака/i;
// Fewer digits than this in the whole text, and no phone (7) or card (13) can be in it (an IBAN holds more).
const MIN_PHONE_DIGITS = 7;
const MIN_CARD_DIGITS = 13;

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function mask(text: string, spans: PiiSpan[]): string {
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + TAKEN.repeat(s.end - s.start);
    at = s.end;
  }
  return out + text.slice(at);
}

/** Adds a detector's spans to `found` and hides them from the detectors after it. */
function take(found: PiiSpan[], text: string, spans: PiiSpan[]): string {
  if (!spans.length) return text;
  const merged = mergeOverlaps(spans);
  found.push(...merged);
  return mask(text, merged);
}

/** Every PII span of `text` (in the coordinates of its matching text), in order, without overlaps. */
function detect(text: string, options: DetectOptions): PiiSpan[] {
  const found: PiiSpan[] = [];
  let rest = text;
  if (MAY_HOLD_EMAIL.test(rest)) rest = take(found, rest, emailSpans(rest));
  const digits = countDigits(rest);
  if (digits >= MIN_PHONE_DIGITS) {
    rest = take(found, rest, ibanSpans(rest));
    if (digits >= MIN_CARD_DIGITS) rest = take(found, rest, cardSpans(rest, options));
    take(found, rest, phoneSpans(rest, options));
  }
  return found.sort((a, b) => a.start - b.start);
}

function mergeOverlaps(spans: PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: PiiSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Replaces e-mail addresses, IBANs, card numbers (Luhn-valid) and phone numbers with placeholders.
 * `bareNumbers: false` (URL paths, ids) leaves ungrouped digit runs alone unless they start with `+`.
 */
export function redactPii(text: string, options: Partial<DetectOptions> = {}): string {
  const m = matchingText(text);
  // A key such as `orderId` or `phone_number` reads as the words before the value.
  const context = (options.context ?? '').replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').replace(/[_.-]+/g, ' ');
  const spans = detect(m.text, { bareNumbers: options.bareNumbers ?? true, context });
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    const [start, end] = originalSpan(m, s.start, s.end);
    out += `${text.slice(at, start)}[${s.kind}]`;
    at = end;
  }
  return out + text.slice(at);
}
