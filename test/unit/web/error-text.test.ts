import { describe, expect, it } from 'vitest';
import { errorText } from '../../../web/src/api.ts';

describe('the web app reads API errors in either shape', () => {
  it('reads {error:{message,fields}}', () => {
    expect(errorText({ error: { code: 'invalid_request', message: 'invalid body', fields: [{ field: 'body.apiKey', message: 'enter an API key' }] } }, 400)).toBe(
      'invalid body — body.apiKey: enter an API key',
    );
  });
  it('reads RFC 9457 problem details', () => {
    expect(errorText({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'this action needs the agent role' }, 403)).toBe('this action needs the agent role');
    expect(errorText({ title: 'Bad Request', fields: [{ name: 'query.limit', detail: 'too big' }] }, 400)).toBe('Bad Request — query.limit: too big');
  });
  it('falls back to the status for anything else', () => {
    expect(errorText('<html>', 502)).toBe('request failed (502)');
    expect(errorText(null, 500)).toBe('request failed (500)');
  });
});
