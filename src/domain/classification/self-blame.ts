/**
 * Self-blame cues: phrases where the author owns the problem ("I left my…", "should have sized down"),
 * counted only when the author is their subject and the phrase is not an expectation or someone
 * else's doing ("you lost my bag", "I should have received my refund", "I lost my connection").
 */
import type { TextAnalysis } from './features.ts';
import type { CueGroup } from './lexicons.ts';
import type { PhraseHit } from './phrase-matcher.ts';

/** Subjects that, just before "lost my …", make the blame someone else's. */
const OTHER_SUBJECTS: ReadonlySet<string> = new Set([
  'you', 'u', 'they', 'he', 'she', 'it', 'we', 'who', 'which', 'that', 'someone', 'somebody', 'youve', 'theyve',
  'youre', 'theyre', 'ur', 'your', 'their', '<user>',
]);
const NOT_REGRET: ReadonlySet<string> = new Set([
  'to', 'been', 'received', 'got', 'gotten', 'had', 'heard', 'a', 'an', 'the', 'my', 'it', 'arrived', 'be',
  // Regret of choosing the company is blame on it: "I should have flown Delta", "wish I had stuck with X".
  'flown', 'flew', 'stuck',
]);
/**
 * What a customer "loses" that the company took or lost: "I lost my luggage" (the airline did), "I lost
 * my seat / my connection / my boarding position".
 */
const LOST_TO_THEM: ReadonlySet<string> = new Set([
  'bag', 'bags', 'luggage', 'baggage', 'suitcase', 'suitcases', 'checked', 'seat', 'seats', 'connection', 'conection',
  'connecting', 'boarding', 'position', 'upgrade', 'status', 'miles', 'points', 'reservation', 'spot', 'place',
  'booking', 'money', 'deposit', 'service', 'signal', 'internet', 'data', 'patience', 'faith', 'business',
]);
/** Words of choosing a size: after "should have", regret of one's own choice. */
const SIZE_CHOICE: ReadonlySet<string> = new Set([
  'size', 'sized', 'smaller', 'larger', 'bigger', 'petite', 'small', 'medium', 'large', 'xs', 'xxs', 'xl', 'up', 'down', 'regular',
]);
/** "I left my apartment at 5": leaving a place is no mishap. */
const LEFT_PLACE: ReadonlySet<string> = new Set(['apt', 'apartment', 'house', 'home', 'hotel', 'office', 'job', 'family', 'kids', 'wife', 'husband']);
/** "my bad experience": "my bad" as an adjective is no apology. */
const BAD_NOUN: ReadonlySet<string> = new Set(['experience', 'experiences', 'service', 'flight', 'luck', 'day', 'trip', 'time', 'week', 'review', 'knee', 'back']);
const SELF_SUBJECTS: ReadonlySet<string> = new Set(['i', 'im', 'ive', 'id', 'me', 'myself']);

/** A reflexive cue counts unless someone else is the subject just before it ("you lost my bag"). */
export function reflexiveCues(a: TextAnalysis): string[] {
  return surfaceCues(a, reflexiveHits(a));
}

export function reflexiveHits(a: TextAnalysis): PhraseHit<CueGroup>[] {
  const out: PhraseHit<CueGroup>[] = [];
  const w = a.tokens.words;
  for (const hit of a.cues) {
    if (hit.group !== 'reflexive' || a.lexicon.negatedAt[hit.start]) continue;
    // "I should have received my refund" is an expectation, not regret ("should have gotten a medium" is).
    if ((hit.phrase.includes('should') || hit.phrase.includes('wish')) && NOT_REGRET.has(w[hit.start + hit.length] ?? '')) {
      const after = w.slice(hit.start + hit.length, hit.start + hit.length + 5);
      if (!after.some((t) => SIZE_CHOICE.has(t))) continue;
    }
    const next = w[hit.start + hit.length] ?? '';
    if (hit.phrase.includes('lost') && LOST_TO_THEM.has(next)) continue;
    if (hit.phrase.includes('left') && LEFT_PLACE.has(next)) continue;
    if (hit.phrase === 'my bad' && BAD_NOUN.has(next)) continue;
    // "spoken to like I'm an idiot", "how is it my fault": someone else's view, not the author's.
    const before = w[hit.start - 1];
    if (before === 'like' || (hit.phrase.includes('fault') && w.slice(Math.max(0, hit.start - 4), hit.start).includes('how'))) continue;
    if (w[hit.start] === 'i' || w[hit.start] === 'my') {
      out.push(hit);
      continue;
    }
    let self = true;
    for (let k = hit.start - 1; k >= 0 && k >= hit.start - 3; k--) {
      const t = w[k]!;
      if (SELF_SUBJECTS.has(t)) break;
      // A leading @brand is the addressee, not a subject, unless the cue follows it directly:
      // "@airline forgot to call in the copilot".
      if (t === '<user>' && a.tokens.startsWithMention && w.slice(0, k).every((x) => x === '<user>')) {
        if (k === hit.start - 1) self = false;
        break;
      }
      if (OTHER_SUBJECTS.has(t)) {
        self = false;
        break;
      }
    }
    if (self) out.push(hit);
  }
  return out;
}

/**
 * The words of the text behind the given hits, in text order; where hits overlap, the longest
 * wins ("where is my" rather than also "where is").
 */
export function surfaceCues(a: TextAnalysis, hits: PhraseHit<CueGroup>[]): string[] {
  const words = a.tokens.words;
  // One hit is the usual case: no sorting or overlap checks needed.
  if (hits.length <= 1) return hits.length === 0 ? [] : [wordsOf(words, hits[0]!)];
  const sorted = hits.slice();
  insertionSort(sorted, (p, q) => q.length - p.length);
  const kept: PhraseHit<CueGroup>[] = [];
  for (const h of sorted) {
    if (!kept.some((k) => h.start < k.start + k.length && k.start < h.start + h.length)) kept.push(h);
  }
  insertionSort(kept, (p, q) => p.start - q.start);
  return kept.map((h) => wordsOf(words, h));
}

/** A stable in-place sort for the few hits of one text (cheaper there than Array.prototype.sort). */
function insertionSort<T>(xs: T[], order: (p: T, q: T) => number): void {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && order(xs[j]!, x) > 0) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
}

/** The words a hit covers, joined by spaces. */
function wordsOf(words: readonly string[], h: PhraseHit<CueGroup>): string {
  let s = words[h.start]!;
  for (let k = 1; k < h.length; k++) s += ` ${words[h.start + k]!}`;
  return s;
}
