/**
 * Which rollup buckets a sum over a range reads at each level. Counters at each level are sums of
 * the level below, so whole days can be read from day slots instead of 24 hour slots, and whole
 * months from month slots instead of a month's day slots: a year-long total then reads two year
 * documents and the two partial edge months per scope, instead of thirteen month documents.
 */
import { periodOfBucket, type Granularity } from './rollup-keys.ts';

/** Buckets to read per level; together they hold exactly the requested buckets. */
export type Cover = Partial<Record<Granularity, string[]>>;

const FINEST_FIRST: Granularity[] = ['h', 'd', 'm'];

/** How many buckets of level `g` make up `parent`, the bucket one level up (a day or a month). */
export function bucketsInParent(g: Granularity, parent: string): number {
  if (g === 'h') return 24;
  if (g === 'd') return new Date(Date.UTC(Number(parent.slice(0, 4)), Number(parent.slice(5, 7)), 0)).getUTCDate();
  throw new Error('months are the coarsest level');
}

/**
 * The fewest buckets whose union is exactly `buckets` (keys of level `g`): every parent bucket
 * whose children are all present replaces them, level by level up to months.
 */
export function coverBuckets(g: Granularity, buckets: string[]): Cover {
  const cover: Cover = {};
  let level = FINEST_FIRST.indexOf(g);
  let keys = [...new Set(buckets)];
  for (; level < FINEST_FIRST.length - 1; level++) {
    const at = FINEST_FIRST[level]!;
    const children = new Map<string, string[]>();
    for (const k of keys) {
      const parent = periodOfBucket(at, k);
      const list = children.get(parent) ?? children.set(parent, []).get(parent)!;
      list.push(k);
    }
    const whole: string[] = [];
    const partial: string[] = [];
    for (const [parent, list] of children) {
      if (list.length === bucketsInParent(at, parent)) whole.push(parent);
      else partial.push(...list);
    }
    if (partial.length) cover[at] = partial;
    keys = whole;
  }
  if (keys.length) cover[FINEST_FIRST[level]!] = keys;
  return cover;
}
