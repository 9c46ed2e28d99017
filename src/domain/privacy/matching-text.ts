/**
 * The text the PII detectors read: every decimal digit (Unicode `Nd`, any script) as an ASCII
 * digit, full-width forms as ASCII, exotic spaces and dashes as plain ones, invisible format
 * marks dropped. Each character keeps its offset in the original, so a span found here replaces
 * exactly the original characters and everything outside it stays as written.
 */

export interface MatchingText {
  original: string;
  text: string;
  /** Offset in the original of each code unit of `text`, then the original's length; null when `text` is the original. */
  origin: Int32Array | null;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const LAST_CODE_POINT_WITH_DIGITS = 0x1ffff;

let digitValues: Uint8Array | undefined;

/** digit value + 1 per code point (0: not a digit), built once from the runtime's Unicode tables. */
function digitTable(): Uint8Array {
  if (digitValues) return digitValues;
  const table = new Uint8Array(LAST_CODE_POINT_WITH_DIGITS + 1);
  const chars: string[] = [];
  for (let cp = 0x80; cp <= LAST_CODE_POINT_WITH_DIGITS; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
  let runStart = -2;
  let previous = -2;
  // Nd digits come in runs of ten from a zero (some blocks hold several runs back to back).
  for (const m of chars.join('').matchAll(/\p{Nd}/gu)) {
    const cp = m[0].codePointAt(0)!;
    if (cp !== previous + 1) runStart = cp;
    table[cp] = ((cp - runStart) % 10) + 1;
    previous = cp;
  }
  digitValues = table;
  return table;
}

const SPACE = new Set([0x00a0, 0x1680, 0x202f, 0x205f, 0x3000]);
const DASH = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2796, 0xfe58, 0xfe63, 0x30fc]);
const DOT = new Set([0x3002, 0xfe52, 0xff61]);
const INVISIBLE = new Set([0x00ad, 0x061c, 0x180e, 0xfeff]);

function isInvisible(cp: number): boolean {
  return INVISIBLE.has(cp) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069);
}

/** The ASCII stand-in for one non-ASCII code point, '' to drop it, or null to keep it. */
function standIn(cp: number): string | null {
  const digit = cp <= LAST_CODE_POINT_WITH_DIGITS ? digitTable()[cp]! : 0;
  if (digit) return String.fromCharCode(47 + digit);
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  if (SPACE.has(cp) || (cp >= 0x2000 && cp <= 0x200a)) return ' ';
  if (DASH.has(cp)) return '-';
  if (DOT.has(cp)) return '.';
  if (cp === 0xfe6b) return '@';
  if (isInvisible(cp)) return '';
  return null;
}

// Everything standIn() changes; text without any of it is matched as it is.
const NEEDS_STAND_IN =
  /(?![0-9])\p{Nd}|[\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2010-\u2015\u202a-\u202f\u205f-\u2064\u2066-\u2069\u2212\u2796\u3000\u3002\u30fc\ufe52\ufe58\ufe63\ufe6b\ufeff\uff01-\uff5e\uff61]/gu;

export function matchingText(original: string): MatchingText {
  if (ASCII_ONLY.test(original)) return { original, text: original, origin: null };
  const text = original.replace(NEEDS_STAND_IN, (ch) => standIn(ch.codePointAt(0)!) ?? ch);
  // A stand-in is never longer than what it replaces: the same length means every offset is unchanged.
  if (text.length === original.length) return { original, text, origin: null };
  const origin = new Int32Array(text.length + 1);
  let k = 0;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const piece = cp < 0x80 ? null : standIn(cp);
    const length = piece === null ? width : piece.length;
    for (let u = 0; u < length; u++) origin[k++] = piece === null ? i + u : i;
    i += width;
  }
  origin[k] = original.length;
  return { original, text, origin };
}

/** The original offsets of a span [start, end) of the matching text, with the invisible marks around it. */
export function originalSpan(m: MatchingText, start: number, end: number): [number, number] {
  if (!m.origin) return [start, end];
  let from = m.origin[start]!;
  while (from > 0 && isInvisible(m.original.charCodeAt(from - 1))) from--;
  return [from, m.origin[end]!];
}
