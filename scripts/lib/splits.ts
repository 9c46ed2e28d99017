/**
 * Splits for honest evaluation. The held-out companies are chosen by a salted hash of the
 * company, fixed before any tuning: no script prints their texts, and no fold or training run
 * sees them except the final held-out measurement.
 */
import { createHash } from 'node:crypto';
import { mulberry32 } from '../../src/domain/classification/linear-model.ts';

/** Changing the salt changes the held-out split: do not, or the figures stop being held out. */
const HOLDOUT_SALT = 'earshot-holdout-2026-12';
/** Share of companies (not tweets) set aside. */
const HOLDOUT_SHARE = 0.25;

/** Service suffixes and prefixes of support handles: "@AmazonHelp", "@Zara_Care", "@AskPlayStation". */
const HANDLE_SUFFIXES = [
  'heretohelp', 'support', 'service', 'custserv', 'custsvc', 'customers', 'careuk', 'cares', 'care', 'help',
  'india', 'presence', 'network', 'online', 'news', 'ltd', 'usa', 'uki', 'uk', 'us', 'in', 'cc',
];
const HANDLE_PREFIXES = ['ask', 'team'];

function baseHandle(handle: string): string {
  let h = handle.toLowerCase().replace(/^@/, '').replace(/_/g, '');
  for (const p of HANDLE_PREFIXES) if (h.startsWith(p) && h.length > p.length + 2) h = h.slice(p.length);
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of HANDLE_SUFFIXES) {
      if (h.endsWith(s) && h.length > s.length + 1) {
        h = h.slice(0, -s.length);
        changed = true;
      }
    }
  }
  return h;
}

/**
 * One company key per row: the first @handle, stripped of support suffixes, merged with any
 * shorter key (≥ 3 letters) it starts with ("nvidiacc" → "nvidia"). Rows with no handle are
 * their own group.
 */
export function companyKeys(rows: readonly { id: string; text: string }[]): string[] {
  const raw = rows.map((r) => {
    const m = /@\w+/.exec(r.text);
    return m ? baseHandle(m[0]) : `row:${r.id}`;
  });
  const bases = [...new Set(raw.filter((k) => !k.startsWith('row:')))].sort((a, b) => a.length - b.length);
  const canonical = new Map<string, string>();
  for (const k of bases) {
    const shorter = bases.find((b) => b.length >= 3 && b.length < k.length && k.startsWith(b));
    canonical.set(k, shorter ? (canonical.get(shorter) ?? shorter) : k);
  }
  return raw.map((k) => canonical.get(k) ?? k);
}

/** Whether a company belongs to the held-out split. */
export function isHeldOutCompany(key: string): boolean {
  const h = createHash('sha256').update(`${HOLDOUT_SALT}:${key}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < HOLDOUT_SHARE;
}

/** Whether a text-keyed row of our own labelled sets is in its test part (never trained or tuned on). */
export function isHeldOutText(id: string, share = 0.5): boolean {
  const h = createHash('sha256').update(`${HOLDOUT_SALT}:text:${id}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < share;
}

/** k folds over groups: every member of a group lands in the same fold. Deterministic for a seed. */
export function groupedFolds(keys: readonly string[], k: number, seed: number): Int32Array {
  const groups = [...new Set(keys)].sort();
  const rand = mulberry32(seed);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  // Greedy balancing: each group goes to the currently smallest fold.
  const size = new Map<string, number>();
  for (const key of keys) size.set(key, (size.get(key) ?? 0) + 1);
  const foldSize = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of groups) {
    let best = 0;
    for (let f = 1; f < k; f++) if (foldSize[f]! < foldSize[best]!) best = f;
    foldOf.set(g, best);
    foldSize[best]! += size.get(g)!;
  }
  return Int32Array.from(keys, (key) => foldOf.get(key)!);
}

/** Split by a seeded coin per row (airline tweets, reviews: the 20 % hold-out). */
export function randomSplit<T>(rows: readonly T[], testShare: number, seed: number): { train: T[]; test: T[] } {
  const rand = mulberry32(seed);
  const train: T[] = [];
  const test: T[] = [];
  for (const r of rows) (rand() < testShare ? test : train).push(r);
  return { train, test };
}

/**
 * Which pool a source text belongs to when we look for self-blame rows to label: texts of the
 * `test` pool are only read to label the test part, after every cue and parameter of the blame
 * rules is fixed; texts of the `tune` pool are the only ones searched while writing them.
 */
export function selfBlamePool(id: string): 'tune' | 'test' {
  const h = createHash('sha256').update(`earshot-selfblame-pool-2026-12:${id}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < 0.4 ? 'test' : 'tune';
}
