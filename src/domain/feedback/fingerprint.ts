/**
 * Duplicate detection: the same words posted again (a cross-post to another network, a repost, a
 * review syndicated to two sites) are stored once as an original and counted once. Two parts make
 * an item's fingerprint:
 * - its text, normalised so that what cross-posting changes does not count: links (with or without
 *   a scheme: Bluesky shows them shortened, "example.com/pa…"), @mentions (fediverse
 *   @user@host too), "RT …:", "via" and "Ask HN:"-style prefixes, the run of hashtags a Mastodon
 *   post ends with, emoji, punctuation, case, accents and whitespace;
 * - a scope saying whose words they are, so that nothing distinct is ever removed: the brand label
 *   (the same complaint sent to two brands is two complaints), the rating and NPS (a different
 *   score is a different answer) and, for reviews and survey responses, the author (the same
 *   comment from two respondents is two responses). A review or response without an author gets no
 *   fingerprint: two anonymous respondents cannot be told apart. Mentions leave the author out of
 *   the scope: a cross-post comes from two accounts, a repost from another person.
 * Texts under MIN_WORDS words get none either: short independent texts ("Love it!") collide by chance.
 */
import { createHash } from 'node:crypto';
import type { FeedbackKind } from '../classification/classification.types.ts';

export const MIN_WORDS = 6;

/** Why an item was stored as a duplicate of another, by the rule its kind is matched with. */
export const DUPLICATE_REASONS = {
  /** A mention: the same words under the same label (a cross-post or a repost). */
  mention: 'cross-post',
  /** A review: the same author, rating, words and label (a review syndicated to another site). */
  review: 'same-review',
  /** A survey response: the same respondent, scores, words and label (one response that came in twice). */
  survey: 'same-response',
} as const satisfies Record<FeedbackKind, string>;

export type DuplicateReason = (typeof DUPLICATE_REASONS)[FeedbackKind];

export function normaliseForFingerprint(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^\s*(rt|via)\b[^:]*:/, ' ')
    .replace(/^\s*(ask|show|tell|launch) hn\s*:/, ' ')
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    // Scheme-less links as Bluesky shows them: "example.com/path…", "shop.example.co.uk".
    .replace(/(^|\s)(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?/g, ' ')
    .replace(/(^|\s)@[\w.@-]+/g, ' ');
  return withoutTrailingHashtags(plain)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// A hashtag holds at least one letter (as on Mastodon and X): "order #2918" ends with a number, not a tag.
const TRAILING_NOISE = /^(?:#[\p{N}_]*\p{L}[\p{L}\p{N}_]*)?[\p{P}\p{S}\p{Extended_Pictographic}]*$/u;

/** Drops the hashtags (and emoji, punctuation) a post ends with; a hashtag inside a sentence stays a word. */
function withoutTrailingHashtags(text: string): string {
  const words = text.trim().split(/\s+/);
  let end = words.length;
  while (end > 0 && TRAILING_NOISE.test(words[end - 1]!)) end--;
  return words.slice(0, end).join(' ');
}

export interface FingerprintInput {
  text: string;
  label: string;
  kind: FeedbackKind;
  authorHash: string | null;
  rating?: number;
  nps?: number;
}

/** The fingerprint of an item: its normalised text within its scope, or null when it must never be matched. */
export function itemFingerprint(item: FingerprintInput): string | null {
  const normal = normaliseForFingerprint(item.text);
  if (normal.split(' ').length < MIN_WORDS) return null;
  if (item.kind !== 'mention' && !item.authorHash) return null;
  const scope = [item.kind, item.label.toLowerCase(), item.kind === 'mention' ? '' : item.authorHash, item.rating ?? '', item.nps ?? ''];
  return createHash('sha256').update(`${scope.join('\u0000')}\u0001${normal}`).digest('hex').slice(0, 32);
}
