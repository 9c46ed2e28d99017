/**
 * Write-behind buffer for trend counters, in Redis.
 *
 * Why: on FerretDB 1.24 every `$inc` upsert decodes and rewrites its whole rollup document and
 * scans its collection, and concurrent `$inc`s lose updates, so counting each batch straight into
 * MongoDB cost as much as storing it. Batches instead add their increments here — one atomic
 * script per batch, guarded by the batch's operation key, so a redelivered batch adds nothing —
 * and a single flusher moves the merged increments of every batch since the last flush to
 * MongoDB: one write per touched rollup document per flush, however many batches touched it.
 *
 * A flush is exactly-once too: it first renames the buffered hashes under a flush id (atomic,
 * so increments arriving meanwhile go to a fresh buffer), writes them with that id as a marker,
 * and deletes them only afterwards; an interrupted flush is resumed under the same id.
 *
 * The op keys a flush carries are journaled in the store with its increments (counter-journal.ts),
 * so Redis is never the only record that an operation was counted: the once-marker here only
 * stops two concurrent runs, and the store remembers after Redis has forgotten.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../../infra/lua-script.ts';
import type { CounterFields } from './counter-metrics.ts';

/** What one counting operation does to one rollup document. */
export interface DocChange {
  collection: string;
  id: string;
  /** Written only when the document is created. */
  meta: Record<string, string>;
  inc: CounterFields;
  /** Overwritten fields (sample items): the last write wins. */
  set: Record<string, string>;
}

export interface PendingFlush {
  id: string;
  changes: DocChange[];
  /** The op keys of the counting operations whose increments this flush carries. */
  ops: string[];
  /** Begun before (by a flusher that died, or one whose write failed): some rollups may have it already. */
  resumed: boolean;
}

/** A change holding a number Redis cannot add (Infinity, NaN): nothing of the operation is written. */
export class InvalidCounterValueError extends Error {
  override name = 'InvalidCounterValueError';
}

const ADD = new LuaScript(new URL('./lua/addChanges-3.lua', import.meta.url));
const BEGIN_FLUSH = new LuaScript(new URL('./lua/beginFlush-3.lua', import.meta.url));
const END_FLUSH = new LuaScript(new URL('./lua/endFlush-3.lua', import.meta.url));

/** How long Redis remembers an operation key (the store's ledger remembers it for good): longer than any job's retries. */
const OP_TTL_SECONDS = 14 * 86_400;

export class CounterBuffer {
  private readonly bufferPrefix: string;
  private readonly flushPrefix: string;
  private readonly keysSet: string;
  private readonly currentFlush: string;
  private readonly opsSet: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.bufferPrefix = `${prefix}:counters:buf:`;
    this.flushPrefix = `${prefix}:counters:flush:`;
    this.keysSet = `${prefix}:counters:buffered`;
    this.currentFlush = `${prefix}:counters:flushing`;
    this.opsSet = `${prefix}:counters:bufops`;
  }

  /**
   * Adds the changes atomically. With an `opKey`, only the first call for that key adds anything
   * (returns false for a repeat). A non-finite number anywhere refuses the whole operation.
   */
  async add(changes: DocChange[], opKey?: string): Promise<boolean> {
    const args: string[] = [String(OP_TTL_SECONDS), this.bufferPrefix, opKey ?? ''];
    for (const c of changes) {
      for (const [f, v] of Object.entries(c.inc)) {
        if (!Number.isFinite(v)) throw new InvalidCounterValueError(`counter ${f} of ${c.collection}|${c.id} is ${v}, not a finite number`);
      }
      // Zero increments are kept: they create the field, as `$inc` would (a month slot then reads 0, like the days under it).
      const inc = Object.entries(c.inc);
      const set = Object.entries(c.set);
      if (inc.length === 0 && set.length === 0 && Object.keys(c.meta).length === 0) continue;
      args.push(`${c.collection}|${c.id}`, JSON.stringify(c.meta), String(inc.length), String(set.length));
      for (const [f, v] of inc) args.push(f, String(v));
      for (const [f, v] of set) args.push(f, v);
    }
    const added = await ADD.run(this.redis, [`${this.prefix}:counters:op:${opKey ?? ''}`, this.keysSet, this.opsSet], args);
    return added === 1;
  }

  async hasPending(): Promise<boolean> {
    const [buffered, flushing] = await Promise.all([this.redis.scard(this.keysSet), this.redis.exists(this.currentFlush)]);
    return buffered > 0 || flushing > 0;
  }

  /**
   * Takes everything buffered so far under a new flush id, or returns the unfinished flush (a
   * flusher died before `endFlush`). Only one flusher may run at a time (callers hold a lock).
   */
  async beginFlush(): Promise<PendingFlush | null> {
    const newId = randomBytes(9).toString('base64url');
    const id = (await BEGIN_FLUSH.run(this.redis, [this.currentFlush, this.keysSet, this.opsSet], [newId, this.bufferPrefix, this.flushPrefix])) as string | null;
    if (!id) return null;
    const [keys, ops] = await Promise.all([this.redis.smembers(`${this.flushPrefix}${id}:keys`), this.redis.smembers(`${this.flushPrefix}${id}:ops`)]);
    const pipeline = this.redis.pipeline();
    for (const k of keys) pipeline.hgetall(k);
    const hashes = (await pipeline.exec()) ?? [];
    const skip = `${this.flushPrefix}${id}:`.length;
    const changes = keys.map((key, n): DocChange => {
      const [err, hash] = hashes[n]!;
      if (err) throw err;
      const name = key.slice(skip);
      const bar = name.indexOf('|');
      const change: DocChange = { collection: name.slice(0, bar), id: name.slice(bar + 1), meta: {}, inc: {}, set: {} };
      for (const [field, value] of Object.entries(hash as Record<string, string>)) {
        if (field === 'm') change.meta = JSON.parse(value) as Record<string, string>;
        else if (field.startsWith('i:')) change.inc[field.slice(2)] = Number(value);
        else if (field.startsWith('s:')) change.set[field.slice(2)] = value;
      }
      return change;
    });
    return { id, changes, ops, resumed: id !== newId };
  }

  /** Drops a flush once MongoDB has all of it. */
  async endFlush(id: string): Promise<void> {
    await END_FLUSH.run(this.redis, [this.currentFlush, `${this.flushPrefix}${id}:keys`, `${this.flushPrefix}${id}:ops`], [id]);
  }
}
