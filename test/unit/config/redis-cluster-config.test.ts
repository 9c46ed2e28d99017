import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load-config.ts';

describe('Redis Cluster configuration', () => {
  it('talks to one Redis and keeps the prefix when no cluster nodes are set', () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true' });
    expect(config.redis.clusterNodes).toEqual([]);
    expect(config.queue.prefix).toBe('earshot');
  });

  it('parses the seed nodes and hash-tags the prefix so every key shares a slot', () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001' });
    expect(config.redis.clusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
    ]);
    expect(config.queue.prefix).toBe('{earshot}');
  });

  it('keeps a prefix that already has a hash tag', () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_REDIS_CLUSTER_NODES: 'a:1', EARSHOT_QUEUE_PREFIX: 'acme-{eu}' });
    expect(config.queue.prefix).toBe('acme-{eu}');
  });

  it('names the variable when a node is not host:port', () => {
    expect(() => loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_REDIS_CLUSTER_NODES: 'redis-a' })).toThrow(/EARSHOT_REDIS_CLUSTER_NODES/);
  });

  it('takes the cluster from a redis+cluster:// URL, with its credentials and TLS', () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', REDIS_URL: 'rediss+cluster://app:p%40ss@10.0.0.1:7000,[::1]:7001,redis-c:7002/' });
    expect(config.redis.clusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '::1', port: 7001 },
      { host: 'redis-c', port: 7002 },
    ]);
    expect(config.redis.cluster).toEqual({ username: 'app', password: 'p@ss', tls: true });
    expect(config.queue.prefix).toBe('{earshot}');
    expect(loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', REDIS_URL: 'redis+cluster://a:1' }).redis.cluster).toEqual({ username: undefined, password: undefined, tls: false });
  });

  it('names REDIS_URL when the URL is malformed or a cluster is named twice', () => {
    for (const url of ['http://x:1', 'redis+cluster://a', 'redis+cluster://a:1,b', 'redis+cluster://a:99999', 'redis+cluster://u:%zz@a:1', 'redis+cluster://a:1/3']) {
      expect(() => loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', REDIS_URL: url }), url).toThrow(/REDIS_URL: must be redis:\/\//);
    }
    expect(() => loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', REDIS_URL: 'redis+cluster://a:1', EARSHOT_REDIS_CLUSTER_NODES: 'b:2' })).toThrow(/REDIS_URL: set either/);
  });
});
