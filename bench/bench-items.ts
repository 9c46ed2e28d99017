/** Generated feedback items for the pipeline and scale benches. */
import type { QueuedItem } from '../src/queue/jobs.ts';

const OPENINGS = ['The staff were', 'Delivery was', 'My order arrived', 'Customer service was', 'The new app is', 'Checkout was', 'The cafe felt'];
const ENDINGS = ['rude and slow, please refund me', 'amazing, I recommend it to everyone', 'late again, never again', 'fine, nothing special', 'broken, can you fix it?', 'better than I expected', 'my fault, I forgot the code'];

/** A distinct word per item (fingerprints ignore digits, and real texts are rarely identical). */
function word(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Items `start … start+n-1` of `total`, in publication order over the 30 days before `benchStart`,
 * as polls deliver them: each batch covers a few consecutive hours, not a random spread over the
 * month. `withAuthors: false` sends anonymous items.
 */
export function generateItems(n: number, start: number, opts: { total: number; benchStart: number; withAuthors: boolean }): QueuedItem[] {
  const spanMs = 30 * 86_400_000;
  const t0 = opts.benchStart - spanMs;
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    return {
      externalId: `bench-${i}`,
      text: `${OPENINGS[i % OPENINGS.length]} ${ENDINGS[Math.floor(i / OPENINGS.length) % ENDINGS.length]}, said ${word(i)}`,
      authorHash: opts.withAuthors ? (i % 5000).toString(16).padStart(32, '0') : null,
      ...(i % 3 === 0 ? { rating: (i % 5) + 1 } : {}),
      publishedAt: new Date(t0 + Math.floor((i / opts.total) * spanMs)).toISOString(),
    };
  });
}
