/** Tells a store or queue outage (worth retrying later) apart from a bug. */

const REDIS_DOWN = [/enableOfflineQueue/, /Connection is closed/, /Reached the max retries per request/, /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE/];
const MONGO_DOWN = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoNotConnectedError', 'MongoTopologyClosedError']);

/** True when `err` says Redis or MongoDB cannot be reached right now, not that the request was wrong. */
export function isServiceUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (MONGO_DOWN.has(err.name) || err.name === 'MaxRetriesPerRequestError') return true;
  return REDIS_DOWN.some((re) => re.test(err.message));
}
