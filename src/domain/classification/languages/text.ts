/**
 * Tokens for the Spanish, French and German scorers. Unlike the English tokenizer, an apostrophe
 * splits words ("n'est" → "n", "est"; "l'article" → "l", "article"), and every word also comes
 * folded: accents dropped for Spanish and French, umlauts spelt out for German ("schön" →
 * "schoen", so it never meets "schon"), because people often type without them.
 */
import type { LanguageCode } from './language-pack.types.ts';

export interface LanguageTokens {
  /**
   * Folded words, plus "?" and "!", ":)" / ":(" for emoticons and emoji, and "." where a clause
   * ends (. , ; : …); @mentions, URLs and numbers are left out.
   */
  words: string[];
  /** The same tokens as written (lower-cased, not folded), for cues shown to people. */
  surface: string[];
  /** Whether the text starts by addressing someone (@brand …). */
  startsWithMention: boolean;
  mentions: number;
  /** Share of upper-case letters among letters (shouting). */
  upperRatio: number;
}

const POSITIVE_SYMBOLS = new Set(['😍', '❤', '♥', '😊', '👍', '😁', '😀', '😃', '😄', '🙂', '🥰', '💕', '💖', '👏', '🙌', '😘', '☺', '💯', '🎉']);
const NEGATIVE_SYMBOLS = new Set(['😡', '😠', '🤬', '😤', '👎', '😢', '😭', '😞', '😒', '🙄', '💩', '😩', '😫', '😣', '☹', '🙁', '😕']);
const EMOTICONS: ReadonlyArray<readonly [string, string]> = [
  [':-)', ':)'], [':)', ':)'], ['(:', ':)'], [':-d', ':)'], [':d', ':)'], [';-)', ':)'], [';)', ':)'], ['=)', ':)'],
  [':-(', ':('], [':(', ':('], ['):', ':('], [":'(", ':('], [':-/', ':('], [':/', ':('], ['=(', ':('],
];

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const COMBINING = /[\u0300-\u036f]/g;

function isAscii(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (w.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Lower-cases and folds one word the way the lexicons are folded. */
export function foldWord(word: string, lang: LanguageCode): string {
  const w = word.toLowerCase();
  // Most words are plain ASCII: nothing to fold.
  if (isAscii(w)) return w;
  if (lang === 'de') {
    let out = '';
    for (const ch of w) {
      if (ch === 'ä') out += 'ae';
      else if (ch === 'ö') out += 'oe';
      else if (ch === 'ü') out += 'ue';
      else if (ch === 'ß') out += 'ss';
      else out += ch;
    }
    return out.normalize('NFD').replace(COMBINING, '');
  }
  // ñ and ç lose their marks too: nobody's sentiment hangs on them, and many type without.
  return w.normalize('NFD').replace(COMBINING, '');
}

/** Splits a text into folded words for one language. */
export function tokenizeFor(text: string, lang: LanguageCode): LanguageTokens {
  const words: string[] = [];
  const surface: string[] = [];
  const push = (folded: string, written: string = folded): void => {
    words.push(folded);
    surface.push(written);
  };
  let mentions = 0;
  let startsWithMention = false;
  let upper = 0;
  let letters = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    if ((c === 104 || c === 72) && /^https?:\/\//i.test(text.slice(i, i + 8))) {
      while (i < n && text.charCodeAt(i) > 32) i++;
      continue;
    }
    if (c === 64 /* @ */) {
      let j = i + 1;
      while (j < n && (isLetter(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
      if (j > i + 1) {
        if (words.length === 0) startsWithMention = true;
        mentions++;
        i = j;
        continue;
      }
    }
    if (isLetter(c)) {
      let j = i;
      while (j < n && (isLetter(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) {
        const d = text.charCodeAt(j);
        if (isLetter(d)) {
          letters++;
          const ch = text[j]!;
          if (ch !== ch.toLowerCase()) upper++;
        }
        j++;
      }
      push(foldWord(text.slice(i, j), lang), text.slice(i, j).toLowerCase());
      i = j;
      continue;
    }
    if (isDigit(c)) {
      while (i < n && (isDigit(text.charCodeAt(i)) || isLetter(text.charCodeAt(i)))) i++;
      continue;
    }
    if (c === 63 /* ? */ || c === 33 /* ! */ || c === 0xbf /* ¿ */ || c === 0xa1 /* ¡ */) {
      const mark = c === 63 || c === 0xbf ? '?' : '!';
      // "¿…?" is one question: only the closing mark counts, but a lone "¿" still marks a question.
      if (c === 0xbf || c === 0xa1) {
        i++;
        if (!text.slice(i).includes(c === 0xbf ? '?' : '!')) push(mark);
        continue;
      }
      push(mark);
      while (i < n && (text.charCodeAt(i) === 63 || text.charCodeAt(i) === 33)) i++;
      continue;
    }
    if (c === 58 || c === 59 || c === 40 || c === 41 || c === 61) {
      const lower = text.slice(i, i + 3).toLowerCase();
      const emo = EMOTICONS.find(([e]) => lower.startsWith(e));
      if (emo && !(emo[0].endsWith('d') && isLetter(text.charCodeAt(i + emo[0].length)))) {
        push(emo[1]);
        i += emo[0].length;
        continue;
      }
    }
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 0x2026) {
      if (words.length > 0 && words[words.length - 1] !== '.') push('.');
      i++;
      continue;
    }
    if (c >= 0x2600) {
      const cp = text.codePointAt(i) ?? c;
      const ch = String.fromCodePoint(cp);
      if (POSITIVE_SYMBOLS.has(ch)) push(':)', ch);
      else if (NEGATIVE_SYMBOLS.has(ch)) push(':(', ch);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    i++;
  }
  return { words, surface, startsWithMention, mentions, upperRatio: letters > 0 ? upper / letters : 0 };
}
