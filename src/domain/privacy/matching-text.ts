/**
 * The text the PII detectors read: every decimal digit (Unicode `Nd`, any script) as an ASCII
 * digit, full-width forms as ASCII, exotic spaces and dashes as plain ones, invisible format
 * marks dropped. Each character keeps its offset in the original, so a span found here replaces
 * exactly the original characters and everything outside it stays as written.
 */

export interface MatchingText {
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

export function matchingText(original: string): MatchingText {
  if (ASCII_ONLY.test(original)) return { text: original, origin: null };
  const out: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const mapped = cp < 0x80 ? null : standIn(cp);
    const piece = mapped ?? original.slice(i, i + width);
    for (let k = 0; k < piece.length; k++) origin.push(mapped === null ? i + k : i);
    out.push(piece);
    i += width;
  }
  origin.push(original.length);
  return { text: out.join(''), origin: Int32Array.from(origin) };
}

/** The original offsets of a span [start, end) of the matching text. */
export function originalSpan(m: MatchingText, start: number, end: number): [number, number] {
  return m.origin ? [m.origin[start]!, m.origin[end]!] : [start, end];
}
