import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { resolveConfig, type HubConfig, type ResolvedConfig } from './config.js';
import { createApp } from './http/app.js';
import type { HubRouter, HubState } from './http/state.js';
import type { HubServices } from './hub-services.js';
import { createLogger } from './logger.js';
import { createServices } from './services/create-services.js';

export interface Hub {
  app: Koa<HubState>;
  router: HubRouter;
  services: HubServices;
  config: ResolvedConfig;
  logger: Logger;
  /** The HTTP server, when the hub listens itself (`listen` not false). */
  server?: http.Server;
  /** Where the hub listens (or its public URL when mounted). */
  url: string;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Builds a hub: services and app, listening unless `config.listen === false`. */
export async function createHub(input: HubConfig): Promise<Hub> {
  const config = resolveConfig(input);
  const logger = input.logger ?? createLogger(input.logLevel);
  const services = await createServices(config, logger);
  await services.git.hooks.start();
  const { app, router } = createApp(services);
  const closeServices = async () => {
    await services.git.close();
    await services.lfs.store.close?.();
    await services.db.close();
  };

  if (!config.listen) {
    return { app, router, services, config, logger, url: config.publicUrl ?? '', close: closeServices };
  }

  const server = http.createServer(app.callback());
  // Long pushes and multi-GB downloads must not be cut off by a whole-request timeout;
  // idle sockets are still reaped by keepAliveTimeout and headersTimeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await closeServices();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'hub listening');

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await closeServices();
      logger.info('hub closed');
      logger.flush();
    })());

  return { app, router, services, config, logger, server, url, close };
}
