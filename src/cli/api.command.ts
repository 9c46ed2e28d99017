import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config.ts';
import { createApp } from '../api/app.ts';
import { serve } from '../api/server.ts';
import { buildContainer } from '../app/compose.ts';
import { onShutdown } from './shutdown.ts';

import type { CliCommand } from './cli-command.ts';

const USAGE = `usage: earshot api

Runs the HTTP API on EARSHOT_API_HOST:EARSHOT_API_PORT (default 127.0.0.1:8080) against REDIS_URL
and MONGODB_URI. SIGTERM/SIGINT: stops accepting requests, finishes those in flight, exits 0.
`;

export const command: CliCommand = { usage: USAGE, run: () => apiCommand() };

async function apiCommand(): Promise<number> {
  const config = loadConfig();
  const container = await buildContainer(config);
  const server = await serve(createApp(container), config.api.port, config.api.host);
  const { port } = server.address() as AddressInfo;
  container.logger.info({ host: config.api.host, port }, 'api_listening');
  await onShutdown(async () => {
    await new Promise((resolve) => server.close(resolve));
    await container.close();
  });
  return 0;
}
