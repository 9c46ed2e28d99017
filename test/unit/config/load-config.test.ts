import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/load-config.ts';

describe('loadConfig', () => {
  it('applies embedded defaults', () => {
    const config = loadConfig({});
    expect(config.redis.url).toBe('redis://127.0.0.1:6390');
    expect(config.mongo.uri).toBe('mongodb://127.0.0.1:27027/earshot');
    expect(config.sources.allowPrivate).toBe(false);
    expect(config.api.rateLimitPerMin).toBe(600);
    expect(config.workerHealth).toEqual({ host: '127.0.0.1', port: 8081 });
  });
  it('parses keys with roles and booleans', () => {
    const config = loadConfig({ EARSHOT_API_KEYS: 'aaaaaaaaaaaaaaaa:viewer, bbbbbbbbbbbbbbbb', EARSHOT_ALLOW_PRIVATE_SOURCES: 'true' });
    expect(config.api.keys).toEqual([
      { key: 'aaaaaaaaaaaaaaaa', role: 'viewer' },
      { key: 'bbbbbbbbbbbbbbbb', role: 'admin' },
    ]);
    expect(config.sources.allowPrivate).toBe(true);
  });
  it('names the bad variable', () => {
    expect(() => loadConfig({ EARSHOT_API_PORT: 'eighty' })).toThrow(/EARSHOT_API_PORT/);
    expect(() => loadConfig({ EARSHOT_RATE_LIMIT_PER_MIN: '-1' })).toThrow(/EARSHOT_RATE_LIMIT_PER_MIN/);
    expect(() => loadConfig({ EARSHOT_WORKER_HEALTH_PORT: '70000' })).toThrow(/EARSHOT_WORKER_HEALTH_PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI/);
    expect(() => loadConfig({ EARSHOT_ALLOW_PRIVATE_SOURCES: 'yes' })).toThrow(/EARSHOT_ALLOW_PRIVATE_SOURCES/);
    expect(() => loadConfig({ EARSHOT_API_KEYS: 'short' })).toThrow(ConfigError);
  });
  it('requires a salt and keys in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', EARSHOT_API_KEYS: 'aaaaaaaaaaaaaaaa' })).toThrow(/EARSHOT_AUTHOR_SALT/);
  });
});
