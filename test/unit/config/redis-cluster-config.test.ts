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
});
