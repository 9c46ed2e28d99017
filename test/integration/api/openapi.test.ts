import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { openApiDocument, toOpenApiPath } from '../../../src/api/openapi.ts';
import { QUEUE_BOARD_PATH } from '../../../src/api/queue-board.ts';
import { VERSION } from '../../../src/version.ts';
import { startTestEnv, type TestEnv } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: LayerLike[] };
  rawPath?: string;
}

/** "METHOD /path" of every route Express serves, bull-board's own routes aside. */
function expressRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack && layer.rawPath !== QUEUE_BOARD_PATH) {
        walk(layer.handle.stack, layer.rawPath && layer.rawPath !== '/' ? prefix + layer.rawPath : prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return [...new Set(out)].sort();
}

describe('OpenAPI 3.1 document', () => {
  let env: TestEnv;
  let app: Express;
  let api: TestApi;

  beforeAll(async () => {
    env = await startTestEnv('openapi');
    app = createApp(env.container);
    api = await listen(app);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  it('is served at /openapi.json without a key and passes an OpenAPI 3.1 validator', async () => {
    const res = await api.request('GET', '/openapi.json', { key: '' });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route the app serves, and nothing else', async () => {
    const doc = (await api.request('GET', '/openapi.json', { key: '' })).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    const served = expressRoutes(app).map((r) => toOpenApiPath(r)).sort();
    expect(served.length).toBeGreaterThan(30);
    expect(documented).toEqual(served);
  });

  it('matches docs/openapi.json: a changed route schema must be regenerated (npm run openapi)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(openApiDocument(VERSION)).toEqual(committed);
  });

  it('serves the reference page and its assets from the package, not a CDN', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect((await fetch(api.url + asset[1])).status, asset[1]).toBe(200);
    }
  });
});
