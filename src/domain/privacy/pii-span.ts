/** What the detectors report: a span of the matching text and what it holds. */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban';

export interface PiiSpan {
  start: number;
  end: number;
  kind: PiiKind;
}

/** Options shared by the detectors. */
export interface DetectOptions {
  /**
   * Whether a bare run of digits (no `+`, no grouping) can be a phone or card number. Off for
   * URL paths and ids, where long numbers are record ids far more often than contact details.
   */
  bareNumbers: boolean;
  /** Text read as coming just before this one (a meta key), for the words that say what a number is. */
  context: string;
}

/** A letter of a script that puts spaces between words: scripts that do not (電話090-…です) set numbers right against letters. */
export const SPACED_LETTER = String.raw`(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}])\p{L}`;
