/**
 * Starts the HTTP server for an app. Errors Node raises before Express sees the request (a header
 * block over `maxHeaderSize`, a malformed request line) also get a problem-details body.
 */
import { STATUS_CODES, createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import { PROBLEM_CONTENT_TYPE } from './middleware/problem-details.ts';

function rawProblem(status: number, code: string, detail: string): string {
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, code });
  return [
    `HTTP/1.1 ${status} ${title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const reply =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? rawProblem(431, 'headers_too_large', 'request headers are larger than the server accepts')
      : err.code === 'HPE_HEADERS_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? rawProblem(408, 'request_timeout', 'request headers took too long')
        : rawProblem(400, 'bad_request', 'malformed HTTP request');
  socket.end(reply);
}

/** Listens on `host:port` (port 0: any free one) and resolves once the server accepts connections. */
export async function serve(app: Express, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  server.on('clientError', onClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
