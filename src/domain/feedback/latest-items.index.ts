/**
 * The newest items of each scope (label × source × kind, each one or all: 8 scopes per item) as
 * Redis sorted sets of item ids, for the first page of `GET /v1/items` (Buzz's latest items).
 * Why: FerretDB has no sort pushdown, so the store query decodes and sorts every matching item to
 * return the newest five (2.4–4.9 s at 2,000 items under load); here the ids come from one
 * ZREVRANGE and the documents from the store by `_id`.
 *
 * Each set is either whole (it holds every item of its scope) or a prefix (the scope's newest
 * items in the store's order: publishedAt, then id, descending; members are ids, scores publishedAt
 * in ms, and Redis orders equal scores by member, as the store orders equal dates by id). A read
 * is answered here only when the set can give the whole page; otherwise the store answers and its
 * result seeds the set (`seed`). Ingest adds each stored item (a prefix takes only items above its
 * lowest one); erasure and retention remove them. The store stays the truth: a lost Redis only
 * means each scope's next read goes to the store once, and an id whose item is gone sends that
 * read to the store too (and leaves the set).
 *
 * Keys, under the queue prefix (hash-tagged on a cluster, so each script touches one slot):
 * `<prefix>:items:latest` (scope → 'w' whole or 'p' prefix), `<prefix>:items:latest:skips` (scope →
 * items a prefix turned away) and `<prefix>:items:latest:<scope>` (the sets).
 */
import type { Redis } from 'ioredis';
import { LuaScript } from '../../infra/lua-script.ts';
import { execPipeline } from '../../infra/redis.ts';
import type { FeedbackKind } from '../classification/classification.types.ts';

const ADD = new LuaScript(new URL('./lua/addLatestItems-2.lua', import.meta.url));
const SEED = new LuaScript(new URL('./lua/seedLatestItems-2.lua', import.meta.url));

/** Ids kept per scope: twice the largest page answered here, so erasures rarely empty a set. */
export const LATEST_KEPT = 100;
/** The largest first page answered from the index (the page plus one, to know whether more follow, must fit). */
export const LATEST_MAX_LIMIT = 50;

export interface LatestScope {
  label?: string;
  sourceId?: string;
  kind?: FeedbackKind;
}

export interface IndexedItem {
  _id: unknown;
  label: string;
  sourceId: string;
  kind: FeedbackKind;
  publishedAt: Date;
}

/** A scope's name: each part escaped ('*' too, which stands for all), joined by '|'. */
function scopeName(label: string | undefined, sourceId: string | undefined, kind: string | undefined): string {
  const part = (v: string | undefined) => (v === undefined ? '*' : encodeURIComponent(v).replace(/\*/g, '%2A'));
  return `${part(label)}|${part(sourceId)}|${part(kind)}`;
}

/** The 8 scopes an item belongs to. */
function scopesOf(item: IndexedItem): string[] {
  const out: string[] = [];
  for (const label of [item.label, undefined]) for (const sourceId of [item.sourceId, undefined]) for (const kind of [item.kind, undefined]) out.push(scopeName(label, sourceId, kind));
  return out;
}

/** What a read found: the ids to fetch, or why the store must answer (with what `seed` needs then). */
export type LatestRead = { ids: string[] } | { ids: null; skips: string };

export class LatestItemsIndex {
  private readonly state: string;
  private readonly skips: string;
  private readonly setPrefix: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.state = `${prefix}:items:latest`;
    this.skips = `${prefix}:items:latest:skips`;
    this.setPrefix = `${prefix}:items:latest:`;
  }

  /**
   * Items just stored (or found stored by a redelivered batch: the first attempt may have died
   * before this). One script call per label × source × kind (a batch has one), with only its
   * `LATEST_KEPT` newest items: older ones could not stay in any of its sets.
   */
  async add(items: IndexedItem[]): Promise<void> {
    const groups = new Map<string, IndexedItem[]>();
    for (const i of items) {
      const group = `${i.label}\u0000${i.sourceId}\u0000${i.kind}`;
      const list = groups.get(group);
      if (list) list.push(i);
      else groups.set(group, [i]);
    }
    for (const list of groups.values()) {
      const newest = list
        .map((i) => ({ at: i.publishedAt.getTime(), id: String(i._id) }))
        .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .slice(0, LATEST_KEPT);
      const scopes = scopesOf(list[0]!);
      const args = [this.setPrefix, LATEST_KEPT, list.length - newest.length, scopes.length, ...scopes, ...newest.flatMap((i) => [i.at, i.id])];
      await ADD.run(this.redis, [this.state, this.skips], args);
    }
  }

  /** Items deleted from the store (erasure, retention). */
  async remove(items: IndexedItem[]): Promise<void> {
    if (items.length === 0) return;
    const p = this.redis.pipeline();
    for (const i of items) for (const scope of scopesOf(i)) p.zrem(this.setPrefix + scope, String(i._id));
    await execPipeline(p);
  }

  /** The ids of the scope's `count` newest items, newest first (fewer when the scope has fewer), if the set knows them. */
  async newest(scope: LatestScope, count: number): Promise<LatestRead> {
    const name = scopeName(scope.label, scope.sourceId, scope.kind);
    const [state, skips, ids] = (await execPipeline(
      this.redis.pipeline().hget(this.state, name).hget(this.skips, name).zrevrange(this.setPrefix + name, 0, count - 1),
    )) as [string | null, string | null, string[]];
    if (state === 'w' || (state === 'p' && ids.length >= count)) return { ids };
    return { ids: null, skips: skips ?? '0' };
  }

  /**
   * Seeds the scope's set from a store read made after `newest` said it could not answer: `items`
   * newest first, `whole` when they are every item of the scope. Does nothing if an item was turned
   * away meanwhile (`skips` moved).
   */
  async seed(scope: LatestScope, items: IndexedItem[], whole: boolean, skips: string): Promise<void> {
    if (!whole && items.length === 0) return;
    const name = scopeName(scope.label, scope.sourceId, scope.kind);
    await SEED.run(this.redis, [this.state, this.skips], [this.setPrefix, LATEST_KEPT, name, whole ? '1' : '0', skips, ...items.flatMap((i) => [i.publishedAt.getTime(), String(i._id)])]);
  }

  /** Drops ids whose items a read found gone (an erasure racing a seed). */
  async forget(scope: LatestScope, ids: string[]): Promise<void> {
    if (ids.length) await this.redis.zrem(this.setPrefix + scopeName(scope.label, scope.sourceId, scope.kind), ...ids);
  }
}
