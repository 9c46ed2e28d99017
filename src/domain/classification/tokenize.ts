/**
 * A single-pass tokenizer for short social texts. It keeps what matters for feedback
 * (emoji, emoticons, "?" and "!", hashtags) and folds what does not (each URL, @mention and
 * number becomes one placeholder), without building a regex per text.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

export const URL_TOKEN = '<url>';
export const MENTION_TOKEN = '<user>';
export const NUMBER_TOKEN = '<num>';

export interface Tokens {
  /** Lower-cased surface forms, apostrophes removed ("don't" → "dont"). */
  words: string[];
  /** Each word's id in the vocabulary (see WordFacts), valid in `epoch`. */
  ids: number[];
  epoch: number;
  /** Porter stems of `words` (placeholders and symbols unchanged). */
  stems: string[];
  /** True where the token came from a #hashtag. */
  hashtag: boolean[];
  /** Letters seen in upper case / all letters, for shouting. */
  upperRatio: number;
  /** Whether the text starts by addressing someone (@brand …). */
  startsWithMention: boolean;
  mentions: number;
  /** The @handles, lower-cased, without "@". */
  handles: string[];
  /** Whether an @handle looks like a customer-service account (…help, …support, …care, ask…). */
  serviceHandle: boolean;
  urls: number;
  /** Letters in the words (not in URLs or @handles), by script, for language detection. */
  letters: LetterCounts;
}

export interface LetterCounts {
  /** Latin letters, accented or not. */
  latin: number;
  /** Letters of other scripts (Greek, Cyrillic, Arabic, CJK, …). */
  other: number;
  /** Whether a Latin letter carries an accent (beyond a-z). */
  accented: boolean;
  /** "¿" and "¡", which open Spanish questions and exclamations. */
  inverted: number;
}

const SERVICE_HANDLE = /(help|support|care|service|svc|serv|custserv|cs$|^ask|team|desk|assist)/;

const EMOTICONS: ReadonlyArray<readonly [string, string]> = [
  [':-)', ':)'], [':)', ':)'], ['(:', ':)'], [':-d', ':d'], [':d', ':d'], [';-)', ';)'], [';)', ';)'],
  [':-(', ':('], [':(', ':('], ['):', ':('], [":'(", ':('], [':-/', ':/'], [':/', ':/'], [':-p', ':p'],
  [':p', ':p'], ['<3', '<3'], ['</3', '</3'], ['=)', ':)'], ['=(', ':('], [':o', ':o'], ['-_-', '-_-'],
];

interface Emoticon {
  text: string;
  canon: string;
  /** Ends in a letter (":d", ":p"): must not eat the start of a word ("http:do…"). */
  endsInLetter: boolean;
}

/** The emoticons by their first character, in table order (longer spellings listed first there). */
const EMOTICONS_BY_FIRST: ReadonlyMap<number, readonly Emoticon[]> = (() => {
  const byFirst = new Map<number, Emoticon[]>();
  for (const [text, canon] of EMOTICONS) {
    const list = byFirst.get(text.charCodeAt(0)) ?? [];
    list.push({ text, canon, endsInLetter: /[a-z]$/.test(text) });
    byFirst.set(text.charCodeAt(0), list);
  }
  return byFirst;
})();

/** One string per emoji code point, so a text's emoji allocate nothing once seen. */
const symbolStrings = new Map<number, string>();
function symbolString(cp: number): string {
  let s = symbolStrings.get(cp);
  if (s === undefined) {
    s = String.fromCodePoint(cp);
    if (symbolStrings.size < 10_000) symbolStrings.set(cp, s);
  }
  return s;
}

/*
 * The vocabulary: every word seen gets an id, with its stem (stemming is the costly step, and words
 * repeat heavily). Other modules cache what they know of a word by id (WordFacts), so a token costs
 * one map lookup here instead of one per module. Bounded to keep memory flat: when full, it starts
 * again in a new epoch, and ids of an older epoch are no longer looked up.
 */
const wordIds = new Map<string, number>();
const stemById: string[] = [];
let epoch = 0;
const VOCABULARY_LIMIT = 200_000;

function idOf(word: string): number {
  let id = wordIds.get(word);
  if (id === undefined) {
    id = stemById.length;
    wordIds.set(word, id);
    stemById.push(word.length <= 2 || word.charCodeAt(0) === 60 /* < */ ? word : PorterStemmer.stem(word));
  }
  return id;
}

export function stem(word: string): string {
  return stemById[idOf(word)]!;
}

/**
 * Facts about words, cached by word id: an array read per token instead of a map lookup (or a
 * hash computed again). Owned by the module that computes the facts.
 */
export class WordFacts<T> {
  private values: (T | undefined)[] = [];
  private epoch = -1;

  /** The cache for these tokens' ids, or null when they come from an earlier epoch (compute directly). */
  of(tokens: Pick<Tokens, 'epoch'>): WordFactsView<T> | null {
    if (tokens.epoch !== epoch) return null;
    if (this.epoch !== epoch) {
      this.values = [];
      this.epoch = epoch;
    }
    return this.values;
  }
}
export type WordFactsView<T> = (T | undefined)[];

/**
 * Returns `fact`, stored first for the word id when there is a view (none for tokens of an earlier
 * epoch), keeping the array free of holes (holes make V8 slow it down).
 */
export function remember<T>(view: WordFactsView<T> | null, id: number, fact: T): T {
  if (!view) return fact;
  while (view.length < id) view.push(undefined);
  view[id] = fact;
  return fact;
}

function isWordCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 48 && c <= 57) || // 0-9
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || // Latin-1 and Latin Extended letters
    (c >= 0x370 && c <= 0x1fff) || // Greek, Cyrillic, Hebrew, Arabic, Indic, …
    (c >= 0x3040 && c <= 0x9fff) || // kana and CJK
    (c >= 0xac00 && c <= 0xd7af) // Hangul
  );
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

/** Emoji and pictographic symbols are single-token sentiment carriers. */
function isSymbolCode(c: number): boolean {
  return (c >= 0x2190 && c <= 0x2bff) || (c >= 0xd800 && c <= 0xdbff) || c === 0x2764 || c === 0x263a;
}

export function tokenize(text: string): Tokens {
  // Reset between texts only, so one text's ids all belong to one epoch.
  if (stemById.length >= VOCABULARY_LIMIT) {
    wordIds.clear();
    stemById.length = 0;
    epoch++;
  }
  const lower = text.toLowerCase();
  const n = lower.length;
  const words: string[] = [];
  const hashtag: boolean[] = [];
  let upper = 0;
  let letters = 0;
  let mentions = 0;
  let urls = 0;
  let startsWithMention = false;
  let serviceHandle = false;
  const handles: string[] = [];
  let otherLetters = 0;
  let digits = 0;
  let accented = false;
  let inverted = 0;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    // URLs: skip to the next whitespace.
    if (c === 104 /* h */ && lower.startsWith('http', i) && (lower.startsWith('://', i + 4) || lower.startsWith('s://', i + 4))) {
      while (i < n && lower.charCodeAt(i) > 32) i++;
      words.push(URL_TOKEN);
      hashtag.push(false);
      urls++;
      continue;
    }
    if (c === 64 /* @ */) {
      let j = i + 1;
      while (j < n && (isWordCode(lower.charCodeAt(j)) || lower.charCodeAt(j) === 95)) j++;
      if (j > i + 1) {
        if (words.length === 0) startsWithMention = true;
        const handle = lower.slice(i + 1, j);
        handles.push(handle);
        if (!serviceHandle && SERVICE_HANDLE.test(handle)) serviceHandle = true;
        words.push(MENTION_TOKEN);
        hashtag.push(false);
        mentions++;
        i = j;
        continue;
      }
    }
    if (isWordCode(c)) {
      let j = i;
      let word = '';
      let start = i;
      let digitsOnly = true;
      while (j < n) {
        const d = lower.charCodeAt(j);
        if (isWordCode(d)) {
          if (d < 48 || d > 57) {
            digitsOnly = false;
            if (d >= 0xc0) {
              // Word codes above the Latin Extended block are other scripts (see isWordCode).
              if (d > 0x24f) otherLetters++;
              else accented = true;
            }
          } else digits++;
          const orig = text.charCodeAt(j);
          if (orig !== d) upper++;
          letters++;
          j++;
        } else if (isApostrophe(d) && j + 1 < n && isWordCode(lower.charCodeAt(j + 1))) {
          word += lower.slice(start, j);
          j++;
          start = j;
        } else {
          break;
        }
      }
      word += lower.slice(start, j);
      const isTag = i > 0 && lower.charCodeAt(i - 1) === 35; /* # */
      words.push(digitsOnly ? NUMBER_TOKEN : word);
      hashtag.push(isTag);
      i = j;
      continue;
    }
    if (c === 63 /* ? */ || c === 33 /* ! */) {
      words.push(c === 63 ? '?' : '!');
      hashtag.push(false);
      // Collapse runs ("!!!") into one token; the run still shows up in character n-grams.
      while (i < n && lower.charCodeAt(i) === c) i++;
      continue;
    }
    const emoticons = EMOTICONS_BY_FIRST.get(c);
    if (emoticons) {
      let matched = false;
      for (const emo of emoticons) {
        if (lower.startsWith(emo.text, i)) {
          const after = lower.charCodeAt(i + emo.text.length);
          if (Number.isNaN(after) || !isWordCode(after) || !emo.endsInLetter) {
            words.push(emo.canon);
            hashtag.push(false);
            i += emo.text.length;
            matched = true;
            break;
          }
        }
      }
      if (matched) continue;
    }
    if (isSymbolCode(c)) {
      const cp = lower.codePointAt(i) ?? c;
      const len = cp > 0xffff ? 2 : 1;
      // Skip variation selectors and skin-tone modifiers that follow.
      let j = i + len;
      while (j < n) {
        const d = lower.charCodeAt(j);
        if (d === 0xfe0f || d === 0x200d) j++;
        else if (d === 0xd83c && lower.charCodeAt(j + 1) >= 0xdffb && lower.charCodeAt(j + 1) <= 0xdfff) j += 2;
        else break;
      }
      words.push(symbolString(cp));
      hashtag.push(false);
      i = j;
      continue;
    }
    if (c === 0xbf || c === 0xa1) inverted++;
    i++;
  }
  const stems = new Array<string>(words.length);
  const ids = new Array<number>(words.length);
  for (let k = 0; k < words.length; k++) {
    const id = idOf(words[k]!);
    ids[k] = id;
    stems[k] = stemById[id]!;
  }
  return {
    words,
    ids,
    epoch,
    stems,
    hashtag,
    upperRatio: letters > 0 ? upper / letters : 0,
    startsWithMention,
    mentions,
    handles,
    serviceHandle,
    urls,
    letters: { latin: letters - digits - otherLetters, other: otherLetters, accented, inverted },
  };
}
