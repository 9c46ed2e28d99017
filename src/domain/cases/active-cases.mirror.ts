/**
 * A Redis copy of the active (open and acknowledged) cases, without their audit trails, for the
 * triage queue: ranking reads every active case, and FerretDB answers that by scanning and decoding
 * the whole cases collection (2.5–4.7 s for 2,000 cases, measured under load); one HGETALL takes
 * milliseconds. The queue is still ranked per request at its `asOf` from what is read here.
 *
 * The store stays the truth; the case repository tells the copy about every write, with the version
 * it read back from the store after writing (`rev`, bumped by every case write). Redis keys, all
 * under `<prefix>:cases:active` (the prefix is hash-tagged on a cluster, so each script touches one slot):
 *
 *   `…`             hash   case id → the case as JSON
 *   `…:versions`    hash   case id → `rev|seq|state`: the version last applied, the sequence number of
 *                          the write that applied it, and a(ctive), c(losed) or d(eleted)
 *   `…:tombstones`  zset   closed or deleted case ids → when, forgotten after a day
 *   `…:hidden`      zset   `id|token` → when: cases a write is about to close, left out of reads until it ends
 *   `…:seq`, `…:complete`, `…:rebuild`   the write sequence, the marker that the copy is whole, the rebuild lock
 *
 * Why each part:
 * - versions: two writes of one case can reach Redis in the other order; the older version loses.
 * - tombstones: a version read before a case was closed can arrive after the close; it must not
 *   bring the case back.
 * - hides: a closing write hides the case before it writes the store, so no read sees a case the
 *   store has closed while the copy has not heard yet (or never hears: the process dies between).
 *   A hide left by a dead process lapses after two minutes.
 * - rebuilds (worker start, and any read that finds the marker gone: a flushed or new Redis) read
 *   the active cases from the store and load them under the same version rules, then drop the cases
 *   the store no longer holds active that no write has touched since the rebuild began; writes go
 *   on meanwhile and win over the rebuild's older reads.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { LuaScript } from '../../infra/lua-script.ts';
import { createRedisMirror, type RedisMirror } from '../../infra/redis-mirror.ts';
import { execPipeline } from '../../infra/redis.ts';
import type { CaseDoc } from './case.model.ts';
import { ACTIVE_STATUSES } from './case-workflow.ts';

const PUT = new LuaScript(new URL('./lua/putActiveCases-5.lua', import.meta.url));
const LOAD = new LuaScript(new URL('./lua/loadActiveCases-2.lua', import.meta.url));
const PRUNE = new LuaScript(new URL('./lua/pruneActiveCases-2.lua', import.meta.url));

/** The version a deletion records: above any real `rev`, so only a new insert of the id replaces it. */
export const DELETED_REV = 1_000_000_000;
/** How long a closed or deleted case is remembered: far longer than any write or rebuild takes. */
const TOMBSTONE_MS = 24 * 3_600_000;
/** A hide outlives the write that set it (normally milliseconds) only when that process died. */
const HIDE_MS = 2 * 60_000;
/** Cases per script call when loading or writing many. */
const CHUNK = 500;

/** A case as the copy holds it: what the queue reads, with the version it was read at. */
export type CopiedCase = Omit<CaseDoc, 'history'> & { _id: Types.ObjectId; history?: CaseDoc['history']; rev?: number };

const DATE_FIELDS = ['publishedAt', 'openedAt', 'acknowledgedAt', 'resolvedAt', 'dismissedAt', 'updatedAt'] as const;

function encode(c: CopiedCase): string {
  const { history: _history, ...rest } = c;
  return JSON.stringify(rest);
}

function decode(json: string): CopiedCase {
  const c = JSON.parse(json) as Record<string, unknown>;
  c._id = new Types.ObjectId(c._id as string);
  for (const f of DATE_FIELDS) if (typeof c[f] === 'string') c[f] = new Date(c[f] as string);
  c.notes = ((c.notes as Array<Record<string, unknown>> | undefined) ?? []).map((n) => ({ ...n, at: new Date(n.at as string) }));
  return c as unknown as CopiedCase;
}

const isActive = (c: Pick<CaseDoc, 'status'>) => ACTIVE_STATUSES.includes(c.status);

export class ActiveCasesMirror {
  private readonly key: string;
  private readonly mirror: RedisMirror;

  /** `storedActive`: every active case as the store holds it now, audit trails left out (to rebuild from). */
  constructor(
    private readonly redis: Redis,
    prefix: string,
    storedActive: () => Promise<CopiedCase[]>,
  ) {
    this.key = `${prefix}:cases:active`;
    this.mirror = createRedisMirror(redis, this.key, async () => {
      // Taken before the store is read: any write applied after this number is newer than what the read sees.
      const start = await redis.incr(`${this.key}:seq`);
      const active = await storedActive();
      for (let i = 0; i < active.length; i += CHUNK) {
        await LOAD.run(this.redis, [this.key, `${this.key}:versions`], [start, ...active.slice(i, i + CHUNK).flatMap((c) => [String(c._id), c.rev ?? 0, encode(c)])]);
      }
      await PRUNE.run(this.redis, [this.key, `${this.key}:versions`], [start]);
    });
  }

  /** Every active case, as the store held it at its last write; rebuilds first when the copy is not known to be whole. */
  async read(now = Date.now()): Promise<CopiedCase[]> {
    for (let attempt = 0; ; attempt++) {
      const [complete, all, hidden] = (await execPipeline(
        this.redis
          .pipeline()
          .exists(`${this.key}:complete`)
          .hgetall(this.key)
          .zrangebyscore(`${this.key}:hidden`, now - HIDE_MS, '+inf'),
      )) as [number, Record<string, string>, string[]];
      if (complete || attempt > 0) {
        const hiddenIds = new Set(hidden.map((m) => m.slice(0, m.indexOf('|'))));
        return Object.entries(all).flatMap(([id, json]) => (hiddenIds.has(id) ? [] : [decode(json)]));
      }
      await this.mirror.ensureComplete();
    }
  }

  /**
   * Leaves these cases out of reads until `put` or `release` with the returned token: called
   * before a store write that may close them.
   */
  async hide(ids: string[], now = Date.now()): Promise<string | null> {
    if (ids.length === 0) return null;
    const token = randomBytes(6).toString('base64url');
    await this.redis.zadd(`${this.key}:hidden`, ...ids.flatMap((id) => [now, `${id}|${token}`]));
    return token;
  }

  /** Ends this token's hides (the write failed or changed nothing). */
  async release(ids: string[], token: string | null): Promise<void> {
    if (!token || ids.length === 0) return;
    await this.redis.zrem(`${this.key}:hidden`, ...ids.map((id) => `${id}|${token}`));
  }

  /**
   * Applies the versions of these cases as read from the store after a write: active ones are
   * copied, closed ones leave. `inserted`: cases this call has just inserted (a case id can come
   * back after its deletion). Ends `token`'s hides of them.
   */
  async put(cases: CopiedCase[], opts: { token?: string | null; inserted?: boolean } = {}): Promise<void> {
    await this.apply(
      cases.map((c) => (isActive(c) ? [String(c._id), c.rev ?? 0, opts.inserted ? 'n' : 'a', encode(c)] : [String(c._id), c.rev ?? 0, 'c', ''])),
      opts.token,
    );
  }

  /** Forgets deleted cases for good (an erasure or a retention purge); ends `token`'s hides. */
  async remove(ids: string[], token?: string | null): Promise<void> {
    await this.apply(ids.map((id) => [id, DELETED_REV, 'd', '']), token);
  }

  /** Reloads the copy from the store, whole or not (worker start: heals a copy restored from an older snapshot). */
  async rebuild(): Promise<void> {
    await this.mirror.rebuild();
  }

  private async apply(entries: Array<[string, number, string, string]>, token: string | null | undefined): Promise<void> {
    const keys = [this.key, `${this.key}:versions`, `${this.key}:tombstones`, `${this.key}:hidden`, `${this.key}:seq`];
    for (let i = 0; i < entries.length; i += CHUNK) {
      await PUT.run(this.redis, keys, [Date.now(), TOMBSTONE_MS, HIDE_MS, token ?? '', ...entries.slice(i, i + CHUNK).flat()]);
    }
  }
}
