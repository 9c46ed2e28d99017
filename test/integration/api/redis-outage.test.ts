import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.ts';
import { buildContainer, type Container } from '../../../src/app/compose.ts';
import { dropTestDatabases } from '../../../src/infra/mongo.ts';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.ts';
import { startOwnRedis, type OwnRedis } from '../../support/own-redis.ts';
import { AGENT_KEY, eventually, testClassifier, testConfig } from '../../support/test-env.ts';
import { listen, type TestApi } from '../../support/http.ts';

describe('a Redis outage', () => {
  let redis: OwnRedis;
  let container: Container;
  let workers: RunningWorkers;
  let api: TestApi;
  const lines: Array<{ msg: string; level: number }> = [];

  beforeAll(async () => {
    redis = await startOwnRedis();
    const config = testConfig('outage', { REDIS_URL: redis.url, EARSHOT_LOG_LEVEL: 'info' });
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    container = await buildContainer(config, logger);
    workers = await startWorkers(container, testClassifier());
    api = await listen(createApp(container), AGENT_KEY);
  });

  afterAll(async () => {
    await api?.close();
    await workers?.close();
    if (container) {
      await dropTestDatabases(container.databases);
      await container.close();
    }
    await redis?.kill();
  });

  it('answers POST /v1/items with 503 and Retry-After, and logs one line when Redis drops and one when it is back', async () => {
    const body = { items: [{ externalId: 'o-1', text: 'hello during an outage' }] };
    expect((await api.request('POST', '/v1/items', { body })).status).toBe(202);
    // This Redis keeps no data across the restart: let the job finish first.
    await eventually(async () => (await container.queues.counts()).ingest.completed === 1);

    await redis.kill();
    await eventually(async () => lines.some((l) => l.msg === 'redis_connection_lost'));
    const res = await api.request('POST', '/v1/items', { body: { items: [{ externalId: 'o-2', text: 'sent while Redis is down' }] } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    // Let every connection retry a few times (about once a second each).
    const quiet = Date.now() + 3000;
    await eventually(async () => Date.now() > quiet, 5000);

    await redis.start();
    await eventually(async () => lines.some((l) => l.msg === 'redis_connection_restored'), 20_000);
    expect((await api.request('POST', '/v1/items', { body: { items: [{ externalId: 'o-3', text: 'after the outage' }] } })).status).toBe(202);

    const about = lines.filter((l) => /redis|worker_error/.test(l.msg)).map((l) => l.msg);
    expect(about).toEqual(['redis_connection_lost', 'redis_connection_restored']);
    expect(lines.filter((l) => l.level >= 50 && l.msg !== 'request_completed')).toEqual([]);
  });
});
