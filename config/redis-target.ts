/**
 * Where Redis is: one server (`redis://`, `rediss://`) or a Redis Cluster, named either by
 * `redis+cluster://[user:password@]host:port,host:port` (`rediss+cluster://` for TLS) or by the
 * EARSHOT_REDIS_CLUSTER_NODES seed list. Pure parsing; src/infra/redis.ts builds the client.
 */
export interface RedisTarget {
  /** REDIS_URL as given (child processes get it back unchanged). */
  url: string;
  /** Cluster seed nodes; empty: one Redis at `url`. */
  clusterNodes: Array<{ host: string; port: number }>;
  /** Credentials and TLS every cluster node connection uses (from a `redis+cluster://` URL). */
  cluster: { username?: string; password?: string; tls: boolean };
}

const SINGLE = /^rediss?:\/\//;
const CLUSTER = /^(rediss?)\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^@/?#]+)\/?$/;
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

export const REDIS_URL_RULE = 'must be redis://, rediss://, redis+cluster://host:port,host:port or rediss+cluster://…';
export const CLUSTER_NODE_RULE = 'each must be host:port';

export function isRedisUrl(url: string): boolean {
  if (CLUSTER.test(url)) return parseClusterUrl(url) !== undefined;
  if (!SINGLE.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** `host:port` → node, IPv6 hosts without their brackets (as ioredis wants them); undefined when malformed. */
export function parseNode(spec: string): { host: string; port: number } | undefined {
  const m = NODE.exec(spec.trim());
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function parseClusterUrl(url: string): Pick<RedisTarget, 'clusterNodes' | 'cluster'> | undefined {
  const m = CLUSTER.exec(url);
  if (!m) return undefined;
  const nodes = m[4]!.split(',').map(parseNode);
  if (nodes.length === 0 || nodes.some((n) => !n)) return undefined;
  const decode = (s: string | undefined) => (s ? decodeURIComponent(s) : undefined);
  try {
    return {
      clusterNodes: nodes as RedisTarget['clusterNodes'],
      cluster: { username: decode(m[2]), password: decode(m[3]), tls: m[1] === 'rediss' },
    };
  } catch {
    return undefined; // a malformed %-escape in the credentials
  }
}

/** Both inputs already passed isRedisUrl / parseNode; throws when both name a cluster. */
export function redisTarget(url: string, seedNodes: string[]): RedisTarget {
  const fromUrl = parseClusterUrl(url);
  if (fromUrl && seedNodes.length) throw new Error('set either EARSHOT_REDIS_CLUSTER_NODES or a redis+cluster:// REDIS_URL, not both');
  if (fromUrl) return { url, ...fromUrl };
  return { url, clusterNodes: seedNodes.map((s) => parseNode(s)!), cluster: { tls: false } };
}
