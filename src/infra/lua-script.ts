/**
 * Lua scripts live in their own `.lua` files, named `<name>-<number of keys>.lua` as BullMQ names
 * its commands (`addJob-9.lua`): the file says how many of the arguments are keys, and a call
 * with another number of keys fails before it reaches Redis.
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export class LuaScript {
  readonly numberOfKeys: number;
  private readonly lua: string;

  /** Reads the script at once: a missing file stops start-up, not the first call. */
  constructor(file: URL) {
    const match = /-(\d+)\.lua$/.exec(file.pathname);
    if (!match) throw new Error(`Lua script ${file.pathname} is not named <name>-<number of keys>.lua`);
    this.numberOfKeys = Number(match[1]);
    this.lua = readFileSync(file, 'utf8');
  }

  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) throw new Error(`script takes ${this.numberOfKeys} keys, got ${keys.length}`);
    return redis.eval(this.lua, this.numberOfKeys, ...keys, ...args);
  }
}
