/**
 * `tsx scripts/aspect-candidates.ts <tune|test> [seed]`: review sentences, Yelp sentences and airline
 * tweets to read and label for data/aspect-sentences.jsonl (see data/README.md), as JSONL on stdout.
 *
 * The pool of each text (tune or test) is fixed by a salted hash before any reading: the aspect
 * cues are written and tuned on tune rows only; test rows are read only to label them, after that.
 * Recipe per part (150 rows): 50 random review sentences, 25 review sentences that name something
 * other than the garment (BROAD below, so the rarer Ps occur), 40 random Yelp sentences, 35 random
 * airline tweets of the training split (the airline hold-out of `npm run eval` is never read).
 */
import { createHash } from 'node:crypto';
import { mulberry32 } from '../src/domain/classification/linear-model.ts';
import { loadAirline, loadReviews, loadYelp } from './lib/datasets.ts';
import { SPLIT_SEED } from './lib/eval-split.ts';
import { randomSplit } from './lib/splits.ts';

const BROAD =
  /\b(price|cost|paid|pay|sale|\$|shipping|ship|deliver|arrived|stock|store|shop|online|website|return|exchange|staff|associate|stylist|customer service|email|promo|code|coupon|fitting room|dressing room|mail|package|order)/i;

export function aspectPool(id: string): 'tune' | 'test' {
  const h = createHash('sha256').update(`earshot-aspect-pool-2026-12:${id}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < 0.5 ? 'test' : 'tune';
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => {
      const n = s.split(/\s+/).length;
      return n >= 4 && n <= 40;
    });
}

function main(): void {
  const pool = process.argv[2];
  if (pool !== 'tune' && pool !== 'test') throw new Error('usage: aspect-candidates <tune|test> [seed]');
  const rand = mulberry32(Number(process.argv[3] ?? 1));
  const pick = <T>(xs: T[], n: number): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, n);
  };
  type Row = { id: string; source: string; text: string };
  const reviewSentences: Row[] = [];
  loadReviews().forEach((r, i) => {
    sentences(r.text).forEach((s, k) => {
      const id = `rev-${i}-${k}`;
      if (aspectPool(id) === pool) reviewSentences.push({ id, source: 'reviews', text: s });
    });
  });
  const yelp: Row[] = loadYelp()
    .map((r, i) => ({ id: `yelp-${i}`, source: 'yelp', text: r.text }))
    .filter((r) => aspectPool(r.id) === pool);
  const airline: Row[] = randomSplit(loadAirline(), 0.2, SPLIT_SEED)
    .train.map((r) => ({ id: `air-${r.id}`, source: 'airline', text: r.text }))
    .filter((r) => aspectPool(r.id) === pool);
  const randomReviews = pick(reviewSentences, 50);
  const taken = new Set(randomReviews.map((r) => r.id));
  const broad = pick(reviewSentences.filter((r) => !taken.has(r.id) && BROAD.test(r.text)), 25);
  const seen = new Set<string>();
  for (const r of [...randomReviews, ...broad, ...pick(yelp, 40), ...pick(airline, 35)]) {
    if (seen.has(r.text)) continue;
    seen.add(r.text);
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
}

main();
