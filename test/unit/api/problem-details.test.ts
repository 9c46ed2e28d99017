import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { accessLog } from '../../../src/api/middleware/access-log.ts';
import { problemDetails } from '../../../src/api/middleware/problem-details.ts';
import { listen } from '../../support/http.ts';

describe('a 500', () => {
  it('is logged once with its stack and the request id, and answered as a problem without internals', async () => {
    const lines: Array<Record<string, any>> = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const app = express();
    app.use(accessLog(logger));
    app.get('/boom', () => {
      throw new TypeError('cannot read properties of undefined (reading "x")');
    });
    app.use(problemDetails(logger));
    const api = await listen(app);
    try {
      const res = await api.request('GET', '/boom', { headers: { 'x-request-id': 'req-500' } });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'internal error', instance: '/boom', code: 'internal', requestId: 'req-500' });
      const failed = lines.find((l) => l.msg === 'request_failed');
      expect(failed?.req).toEqual({ id: 'req-500', method: 'GET', path: '/boom' });
      expect(failed?.err.stack).toMatch(/TypeError: cannot read properties[\s\S]*problem-details\.test\.ts/);
      const access = lines.filter((l) => l.msg === 'request_completed');
      expect(access).toHaveLength(1);
      expect(access[0]).toMatchObject({ req: { id: 'req-500', method: 'GET', path: '/boom' }, res: { status: 500 }, responseTime: expect.any(Number) });
      expect(JSON.stringify(access[0])).not.toMatch(/authorization/i);
    } finally {
      await api.close();
    }
  });
});
