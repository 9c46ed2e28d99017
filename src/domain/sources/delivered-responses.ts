/**
 * Which pushed responses a source receives for the first time. Survey tools deliver a response
 * again under a new delivery id (a retry after a timeout, a manual resend); it must be queued and
 * counted in `stats.received` once. One Redis key per response, claimed with `SET NX` so two
 * concurrent deliveries cannot both take it, remembered for REMEMBER_DAYS.
 */
import type { Redis } from 'ioredis';
import { execPipeline } from '../../infra/redis.ts';

const REMEMBER_DAYS = 14;

export interface DeliveredResponses {
  /** The ids of `externalIds` not delivered before, now claimed. */
  claim(sourceId: string, externalIds: string[]): Promise<Set<string>>;
  /** Forgets claims of a delivery that was not processed, so the sender's retry gets through. */
  release(sourceId: string, externalIds: Iterable<string>): Promise<void>;
}

export function deliveredResponses(redis: Redis, prefix: string): DeliveredResponses {
  const key = (sourceId: string, id: string) => `${prefix}:delivered:${sourceId}:${id.slice(0, 300)}`;
  return {
    async claim(sourceId, externalIds) {
      const ids = [...new Set(externalIds)];
      if (ids.length === 0) return new Set();
      const set = await execPipeline(redis.pipeline(ids.map((id) => ['set', key(sourceId, id), '1', 'EX', REMEMBER_DAYS * 86_400, 'NX'])));
      return new Set(ids.filter((_id, i) => set[i] === 'OK'));
    },
    async release(sourceId, externalIds) {
      const keys = [...externalIds].map((id) => key(sourceId, id));
      if (keys.length) await redis.del(...keys);
    },
  };
}
