/**
 * One log line when Redis becomes unreachable and one when it is back, per process, however many
 * connections (ours and BullMQ's) report the outage and however often they retry meanwhile.
 */
import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';
import { isServiceUnavailable } from './unavailable.ts';

export interface RedisOutageLog {
  /** Logs `redis_connection_lost` / `redis_connection_restored` for this connection's outages. */
  watch(redis: Redis, name: string): void;
  /** True when `err` is an outage (already reported): the caller should not log it again. */
  absorb(err: unknown, connection?: string): boolean;
  readonly down: boolean;
}

export function createRedisOutageLog(logger: Logger): RedisOutageLog {
  const watched = new Set<Redis>();
  let downSince: number | undefined;

  const absorb = (err: unknown, connection?: string): boolean => {
    if (!isServiceUnavailable(err)) return false;
    if (downSince === undefined) {
      downSince = Date.now();
      logger.warn({ connection, err: (err as Error).message }, 'redis_connection_lost');
    }
    return true;
  };

  const onReady = () => {
    if (downSince === undefined || [...watched].some((r) => r.status !== 'ready')) return;
    logger.info({ downMs: Date.now() - downSince }, 'redis_connection_restored');
    downSince = undefined;
  };

  return {
    watch(redis, name) {
      watched.add(redis);
      redis.on('error', (err: Error) => {
        if (!absorb(err, name)) logger.warn({ connection: name, err: err.message }, 'redis_error');
      });
      // A dropped connection may reconnect before any command fails: the drop itself is the outage.
      redis.on('reconnecting', () => absorb(new Error('Connection is closed.'), name));
      redis.on('ready', onReady);
      redis.on('end', () => watched.delete(redis));
    },
    absorb,
    get down() {
      return downSince !== undefined;
    },
  };
}
