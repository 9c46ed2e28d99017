import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config.ts';
import { createApp } from '../api/app.ts';
import { serve } from '../api/server.ts';
import { buildContainer } from '../infra/container.ts';
import { onShutdown } from './shutdown.ts';

export async function apiCommand(): Promise<number> {
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
