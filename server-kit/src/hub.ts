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
import { SshServer } from './ssh/ssh-server.js';

export interface Hub {
  app: Koa<HubState>;
  router: HubRouter;
  /** File downloads (`/resolve`, `/raw`), routed ahead of the rest. */
  fileRouter: HubRouter;
  services: HubServices;
  config: ResolvedConfig;
  logger: Logger;
  /** The HTTP server, when the hub listens itself (`listen` not false). */
  server?: http.Server;
  /** Where the hub listens (or its public URL when mounted). */
  url: string;
  /** The SSH server for git and Git LFS, unless `sshPort` turned it off. */
  ssh?: SshServer;
  /** The port SSH listens on (the one picked when `sshPort` was 0). */
  sshPort?: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Builds a hub: services and app, listening unless `config.listen === false`. */
export async function createHub(input: HubConfig): Promise<Hub> {
  const config = resolveConfig(input);
  const logger = input.logger ?? createLogger(input.logLevel);
  const services = await createServices(config, logger);
  await services.git.hooks.start();
  const { app, router, fileRouter } = createApp(services);
  services.viewer.start();
  const closeServices = async () => {
    await services.viewer.close();
    await services.downloads.close();
    await services.git.close();
    await services.lfs.store.close?.();
    await services.db.close();
  };

  const startSsh = async (publicUrl: string | undefined): Promise<SshServer | undefined> => {
    if (config.sshPort === null) return undefined;
    const ssh = await SshServer.start(services, { port: config.sshPort, host: config.host, publicUrl });
    logger.info({ port: ssh.port, hostKeys: ssh.hostKeys.map((k) => k.fingerprint) }, 'ssh listening');
    return ssh;
  };

  if (!config.listen) {
    let ssh: SshServer | undefined;
    try {
      ssh = await startSsh(config.publicUrl);
    } catch (err) {
      await closeServices();
      throw err;
    }
    const close = async (graceMs?: number) => {
      await ssh?.close(graceMs);
      await closeServices();
    };
    return { app, router, fileRouter, services, config, logger, url: config.publicUrl ?? '', ssh, sshPort: ssh?.port, close };
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
  let ssh: SshServer | undefined;
  try {
    ssh = await startSsh(config.publicUrl ?? url);
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeServices();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await Promise.all([closed, ssh?.close(graceMs)]);
      clearTimeout(timer);
      await closeServices();
      logger.info('hub closed');
      logger.flush();
    })());

  return { app, router, fileRouter, services, config, logger, server, url, ssh, sshPort: ssh?.port, close };
}
