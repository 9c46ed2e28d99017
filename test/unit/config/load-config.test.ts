import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/load-config.ts';

describe('loadConfig', () => {
  it('applies embedded defaults', () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6390');
    expect(config.mongo.uri).toBe('mongodb://127.0.0.1:27027/earshot');
    expect(config.sources.allowPrivate).toBe(false);
    expect(config.api.rateLimitPerMin).toBe(600);
    expect(config.workerHealth).toEqual({ host: '127.0.0.1', port: 8081 });
  });
  it('parses keys with roles and booleans', () => {
    const config = loadConfig({ EARSHOT_DEV_DEFAULTS: 'true', EARSHOT_API_KEYS: 'aaaaaaaaaaaaaaaa:viewer, bbbbbbbbbbbbbbbb', EARSHOT_ALLOW_PRIVATE_SOURCES: 'true' });
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
  it('refuses the public development secrets unless EARSHOT_DEV_DEFAULTS=true, in one line', () => {
    for (const env of [{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
    }
    let message = '';
    try {
      loadConfig({});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(/EARSHOT_AUTHOR_SALT, EARSHOT_SECRETS_KEY and EARSHOT_SESSION_SECRET not set.*EARSHOT_DEV_DEFAULTS=true/);
    expect(() => loadConfig({ EARSHOT_AUTHOR_SALT: 'a-salt-of-16-chars!', EARSHOT_SESSION_SECRET: 'x'.repeat(32) })).toThrow(/^EARSHOT_SECRETS_KEY not set/);
  });
  it('uses the development secrets only when asked, and says which', () => {
    expect(loadConfig({ EARSHOT_DEV_DEFAULTS: 'true' }).devDefaults).toEqual(['EARSHOT_AUTHOR_SALT', 'EARSHOT_SECRETS_KEY', 'EARSHOT_SESSION_SECRET']);
    const own = loadConfig({ EARSHOT_AUTHOR_SALT: 'a-salt-of-16-chars!', EARSHOT_SECRETS_KEY: 'k'.repeat(32), EARSHOT_SESSION_SECRET: 'x'.repeat(32) });
    expect(own.devDefaults).toEqual([]);
    expect(own.privacy.authorSalt).toBe('a-salt-of-16-chars!');
    expect(() => loadConfig({ EARSHOT_DEV_DEFAULTS: 'maybe' })).toThrow(/EARSHOT_DEV_DEFAULTS/);
  });
  it('never allows the development secrets in production', () => {
    const prod = { NODE_ENV: 'production', EARSHOT_API_KEYS: 'aaaaaaaaaaaaaaaa', EARSHOT_AUTHOR_SALT: 'a-salt-of-16-chars!', EARSHOT_SECRETS_KEY: 'k'.repeat(32), EARSHOT_SESSION_SECRET: 'x'.repeat(32) };
    expect(loadConfig(prod).devDefaults).toEqual([]);
    expect(() => loadConfig({ ...prod, EARSHOT_DEV_DEFAULTS: 'true' })).toThrow(/EARSHOT_DEV_DEFAULTS: not allowed in production/);
    expect(() => loadConfig({ ...prod, EARSHOT_AUTHOR_SALT: undefined, EARSHOT_DEV_DEFAULTS: 'true' })).toThrow(/EARSHOT_AUTHOR_SALT/);
  });
  it('requires a session secret in production and makes its cookies Secure', () => {
    const prod = { NODE_ENV: 'production', EARSHOT_API_KEYS: 'aaaaaaaaaaaaaaaa', EARSHOT_AUTHOR_SALT: 's'.repeat(16), EARSHOT_SECRETS_KEY: 'k'.repeat(32) };
    expect(() => loadConfig(prod)).toThrow(/EARSHOT_SESSION_SECRET/);
    expect(() => loadConfig({ ...prod, EARSHOT_SESSION_SECRET: 'short' })).toThrow(/EARSHOT_SESSION_SECRET/);
    expect(loadConfig({ ...prod, EARSHOT_SESSION_SECRET: 'x'.repeat(32) }).web).toMatchObject({ secureCookies: true, sessionHours: 8, shareLinkDays: 14 });
    expect(loadConfig({ EARSHOT_DEV_DEFAULTS: 'true' }).web.secureCookies).toBe(false);
  });
});
