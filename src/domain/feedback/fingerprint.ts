/**
 * A normalised-text fingerprint for spotting the same words posted twice (cross-posts, reposts,
 * a review syndicated to two sites). Links, @mentions, "RT" prefixes, case, accents, punctuation
 * and emoji are ignored; texts under MIN_WORDS words get no fingerprint, because short
 * independent texts ("Love it!") collide by chance.
 */
import { createHash } from 'node:crypto';

export const MIN_WORDS = 6;

export function normaliseForFingerprint(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/^\s*(rt|via)\b[^:]*:/, ' ')
    .replace(/(^|\s)@[\w.@-]+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The fingerprint of `text`, or null when it is too short to say anything. */
export function textFingerprint(text: string): string | null {
  const normal = normaliseForFingerprint(text);
  if (normal.split(' ').length < MIN_WORDS) return null;
  return createHash('sha256').update(normal).digest('hex').slice(0, 32);
}
