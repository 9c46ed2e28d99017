/**
 * Terms and two-word phrases of a text, for "what are people talking about" rollups: lower-cased,
 * stop-words and placeholders out, each term counted once per item (how many items mention it).
 */

const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for
from further get got had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'm
i've if in into is isn't it it's its itself just let's like me more most much my myself no nor not now of off on once
only or other ought our ours ourselves out over own really same she should shouldn't so some still such than that
that's the their theirs them themselves then there there's these they they're this those through to too under until
up us very was wasn't we we're we've were weren't what when where which while who whom why will with won't would
wouldn't you you're you've your yours yourself yourselves im ive dont cant wont didnt doesnt isnt wasnt thats
one two get gets got going go went make made even ever every way thing things lot lots yes yeah ok okay oh
today yesterday tomorrow day days week weeks time times back new via amp rt see saw says said`.split(/\s+/),
);

const PLACEHOLDER = /^\[(email|phone|card)\]$/;
const WORD = /^[a-z][a-z0-9'-]{1,29}$/;

/** Unique unigrams and adjacent-word bigrams of `text`, minus stop-words. At most `max` terms. */
export function extractTerms(text: string, max = 40): string[] {
  const words = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#][\w-]+/g, ' ')
    .replace(/’/g, "'")
    .split(/[^a-z0-9'[\]-]+/)
    .map((w) => w.replace(/^['-]+|['-]+$/g, ''));
  const out = new Set<string>();
  let prev: string | null = null;
  for (const w of words) {
    const keep = w.length >= 3 && WORD.test(w) && !STOP_WORDS.has(w) && !PLACEHOLDER.test(w);
    if (!keep) {
      prev = null;
      continue;
    }
    out.add(w);
    if (prev) out.add(`${prev} ${w}`);
    prev = w;
    if (out.size >= max) break;
  }
  return [...out];
}

/** Words to drop from term reports: brand labels (and their parts) plus configured brand terms. */
export function brandWords(labels: string[], extra: string[] = []): Set<string> {
  const out = new Set<string>();
  for (const raw of [...labels, ...extra]) {
    const l = raw.toLowerCase().trim();
    if (!l) continue;
    out.add(l);
    out.add(l.replace(/[-_\s]+/g, ''));
    for (const part of l.split(/[-_\s]+/)) if (part.length >= 3) out.add(part);
  }
  return out;
}

export const isBrandTerm = (term: string, brands: Set<string>): boolean => term.split(' ').some((w) => brands.has(w));

export interface TermMove {
  term: string;
  current: number;
  previous: number;
  change: number;
  /** Smoothed log2 ratio of current to previous counts, each scaled by its period's volume. */
  lift: number;
}

/**
 * Rising and falling terms of one period against the previous one. Counts are compared as shares of
 * each period's item volume (a busier week is not "rising" everywhere) with add-one smoothing,
 * ranked by lift weighted by the size of the change so one-off words do not top the list.
 */
export function termMovers(
  current: Map<string, number>,
  previous: Map<string, number>,
  volumes: { current: number; previous: number },
  opts: { limit: number; minCount: number; exclude: Set<string> },
): { rising: TermMove[]; falling: TermMove[]; top: TermMove[] } {
  const vc = Math.max(1, volumes.current);
  const vp = Math.max(1, volumes.previous);
  const moves: TermMove[] = [];
  for (const term of new Set([...current.keys(), ...previous.keys()])) {
    if (isBrandTerm(term, opts.exclude)) continue;
    const c = current.get(term) ?? 0;
    const p = previous.get(term) ?? 0;
    if (Math.max(c, p) < opts.minCount) continue;
    const lift = Math.log2(((c + 1) / vc) / ((p + 1) / vp));
    moves.push({ term, current: c, previous: p, change: c - p, lift: Number(lift.toFixed(3)) });
  }
  const weight = (m: TermMove) => m.lift * Math.sqrt(Math.abs(m.change) + 1);
  const byTerm = (a: TermMove, b: TermMove) => (a.term < b.term ? -1 : 1);
  const rising = moves.filter((m) => m.lift > 0 && m.change > 0).sort((a, b) => weight(b) - weight(a) || byTerm(a, b));
  const falling = moves.filter((m) => m.lift < 0 && m.change < 0).sort((a, b) => weight(a) - weight(b) || byTerm(a, b));
  const top = moves.filter((m) => m.current > 0).sort((a, b) => b.current - a.current || byTerm(a, b));
  return { rising: rising.slice(0, opts.limit), falling: falling.slice(0, opts.limit), top: top.slice(0, opts.limit) };
}
