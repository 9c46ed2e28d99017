import { describe, expect, it } from 'vitest';
import { retryWritesFor, storeServerOf } from '../../../src/infra/mongo.ts';

describe('store server detection', () => {
  it('reads FerretDB 2.x from the ferretdb field of buildInfo and keeps retryable writes off', () => {
    const server = storeServerOf({ version: '7.0.77', ferretdb: { version: 'v1.24.2', package: 'sqlite' }, ok: 1 });
    expect(server).toEqual({ kind: 'ferretdb', version: '7.0.77' });
    expect(retryWritesFor(server)).toBe(false);
  });

  it('reads FerretDB 1.x from its ferretdbVersion field', () => {
    const server = storeServerOf({ version: '7.0.42', ferretdbVersion: 'v1.24.2', ferretdbFeatures: {}, ok: 1 });
    expect(server.kind).toBe('ferretdb');
    expect(retryWritesFor(server)).toBe(false);
  });

  it('reads MongoDB from a buildInfo without it and turns retryable writes on', () => {
    const server = storeServerOf({ version: '7.0.14', gitVersion: 'ce59cfc6a3c5e5c067dca0d30697edd68d4f5188', modules: [], ok: 1 });
    expect(server).toEqual({ kind: 'mongodb', version: '7.0.14' });
    expect(retryWritesFor(server)).toBe(true);
  });
});
