import net, { type AddressInfo } from 'node:net';
import ssh2, { type ClientInfo, type Connection } from 'ssh2';
import type { HubServices } from '../hub-services.js';
import { ConnectionAuth, type SshActor } from './auth.js';
import { loadHostKeys, type HostKey } from './host-keys.js';
import { serveSession } from './session.js';

export interface SshServerOptions {
  port: number;
  host: string;
  /** Base of the LFS API URLs handed to git-lfs. */
  publicUrl: string | undefined;
}

interface ConnectionState {
  client: Connection;
  /** Commands running on this connection: what closing it must stop. */
  stops: Set<() => void>;
}

/**
 * Git and Git LFS over SSH (ssh2), for keys users registered: the same access policy, hooks and
 * push checks as HTTP. Limits: a login grace time, failed attempts per connection, connections
 * still authenticating, concurrent commands per user, idle connections, keepalives.
 */
export class SshServer {
  private readonly server: ssh2.Server;
  /** The TCP listener: sockets are admitted here, then handed to ssh2. */
  private readonly listener: net.Server;
  /** Sockets not yet authenticated, by remote address and port: what the grace time and the cap apply to. */
  private readonly pending = new Map<string, () => void>();
  private readonly connections = new Set<ConnectionState>();
  private readonly sessionsPerUser = new Map<number, number>();
  private closing = false;
  port = 0;

  private constructor(
    private readonly services: HubServices,
    readonly hostKeys: HostKey[],
    private readonly publicUrl: string | undefined,
  ) {
    const limits = services.config.limits;
    this.server = new ssh2.Server(
      {
        hostKeys: hostKeys.map((k) => k.privateKey),
        ident: 'CSGHub',
        keepaliveInterval: limits.sshKeepaliveMs,
        keepaliveCountMax: limits.sshKeepaliveCountMax,
      },
      (client, info) => this.accept(client, info),
    );
    this.listener = net.createServer((socket) => this.admit(socket));
  }

  static async start(services: HubServices, options: SshServerOptions): Promise<SshServer> {
    const server = new SshServer(services, await loadHostKeys(services.config.dataDir), options.publicUrl);
    await new Promise<void>((resolve, reject) => {
      server.listener.once('error', reject);
      server.listener.listen(options.port, options.host, () => {
        server.listener.off('error', reject);
        resolve();
      });
    });
    server.listener.on('error', (err: Error) => services.logger.error({ err }, 'ssh server error'));
    server.port = (server.listener.address() as AddressInfo).port;
    return server;
  }

  /**
   * Stops accepting; connections with no command running close now, the others when their
   * command ends or, at the latest, after `graceMs`.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const c of this.connections) if (c.stops.size === 0) c.client.end();
    const deadline = Date.now() + graceMs;
    while (this.connections.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const c of this.connections) c.client.end();
    await closed;
  }

  /**
   * A new TCP connection. The login grace time runs from here, so a client that never even sends
   * its version line is dropped too; beyond `sshMaxUnauthenticated` such sockets, new ones are
   * closed at once.
   */
  private admit(socket: net.Socket): void {
    const limits = this.services.config.limits;
    socket.on('error', () => {
      // ssh2 reports socket errors on the connection; a socket refused here has nothing to report.
    });
    if (this.closing || this.pending.size >= limits.sshMaxUnauthenticated) {
      socket.destroy();
      return;
    }
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    const grace = setTimeout(() => {
      this.services.logger.info({ peer: key }, 'ssh login grace time over');
      socket.destroy();
    }, limits.sshLoginGraceMs);
    const settle = () => {
      clearTimeout(grace);
      if (this.pending.get(key) === settle) this.pending.delete(key);
    };
    this.pending.set(key, settle);
    socket.once('close', settle);
    this.server.injectSocket(socket);
  }

  private accept(client: Connection, info: ClientInfo): void {
    const { services } = this;
    const limits = services.config.limits;
    const log = services.logger;
    const state: ConnectionState = { client, stops: new Set() };
    client.on('error', (err: Error) => log.debug({ err: err.message }, 'ssh connection error'));
    if (this.closing) {
      client.end();
      return;
    }
    this.connections.add(state);
    let closed = false;
    // Authenticated: the grace time and the cap on waiting sockets no longer apply.
    const authenticated = this.pending.get(`${info.ip}:${info.port}`) ?? (() => {});

    // Idle means no command running: a running command may be silent for long (git waits while
    // git-lfs uploads over HTTPS in pre-push), and dead peers are found by the keepalives.
    let idle: NodeJS.Timeout | undefined;
    const idleCheck = () => {
      clearTimeout(idle);
      if (!closed && state.stops.size === 0) {
        idle = setTimeout(() => {
          log.info('ssh connection idle');
          client.end();
        }, limits.sshIdleMs);
      }
    };

    let actor: SshActor | null = null;
    const auth = new ConnectionAuth(services, (bound) => (actor = bound), () => client.end());
    client.on('authentication', (ctx) => void auth.handle(ctx));
    client.on('ready', () => {
      authenticated();
      idleCheck();
    });
    client.on('session', (acceptSession, reject) => {
      if (!actor || this.closing) return reject();
      serveSession(
        {
          services,
          actor,
          publicUrl: this.publicUrl,
          logger: log,
          acquire: () => this.acquire(actor!.user.id),
          running: (stop) => {
            state.stops.add(stop);
            idleCheck();
            return () => {
              state.stops.delete(stop);
              if (this.closing && state.stops.size === 0) client.end();
              idleCheck();
            };
          },
        },
        acceptSession,
      );
    });
    // Port forwarding and every other global request: never. (Channels other than sessions,
    // such as direct-tcpip, have no listener, so ssh2 refuses them as administratively prohibited.)
    client.on('request', (_accept, reject) => reject?.());
    client.on('close', () => {
      closed = true;
      authenticated();
      clearTimeout(idle);
      for (const stop of state.stops) stop();
      this.connections.delete(state);
    });
  }

  /** A slot among the user's concurrent commands on this process. */
  private acquire(userId: number): (() => void) | null {
    const running = this.sessionsPerUser.get(userId) ?? 0;
    if (running >= this.services.config.limits.sshMaxSessionsPerUser) return null;
    this.sessionsPerUser.set(userId, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.sessionsPerUser.get(userId) ?? 1) - 1;
      if (left) this.sessionsPerUser.set(userId, left);
      else this.sessionsPerUser.delete(userId);
    };
  }
}
