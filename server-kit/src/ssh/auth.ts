import ssh2, { type AuthContext } from 'ssh2';
import type { Actor } from '../access/actor.js';
import { toActorUser } from '../services/accounts.js';
import { fingerprintOf } from '../services/ssh-keys.js';
import type { HubServices } from '../hub-services.js';

/** The only login name: who is connecting is told by the key, as on GitHub or Gitea. */
export const SSH_USER = 'git';
// Last use is a hint for key hygiene, not an audit trail: one write a minute per key is plenty.
const LAST_USED_GRANULARITY_MS = 60_000;

export type SshActor = Actor & { user: NonNullable<Actor['user']> };

/**
 * Public-key authentication of one connection. ssh2 asks twice per key: first without a
 * signature ("would this key do?"), then with one. The first answer binds nothing; the identity
 * comes only from a request whose signature verifies against the very key it carries, so a
 * client cannot offer a victim's key and then sign with its own (CVE-2024-45337's lesson).
 */
export class ConnectionAuth {
  private failures = 0;

  constructor(
    private readonly services: HubServices,
    /** Called once, with the verified user, just before the connection is accepted. */
    private readonly bind: (actor: SshActor) => void,
    /** Too many failed attempts: the connection is to be dropped. */
    private readonly giveUp: () => void,
  ) {}

  async handle(ctx: AuthContext): Promise<void> {
    try {
      // "none" is how every client starts; it is answered with the methods on offer, not counted.
      if (ctx.method !== 'publickey') return this.refuse(ctx, ctx.method !== 'none');
      if (ctx.username !== SSH_USER || !ctx.key) return this.refuse(ctx);
      const row = await this.services.sshKeys.findByFingerprint(fingerprintOf(ctx.key.data));
      const stored = row ? ssh2.utils.parseKey(row.publicKey) : null;
      if (!row || !stored || stored instanceof Error || Array.isArray(stored)) return this.refuse(ctx);
      if (stored.type !== ctx.key.algo || !stored.getPublicSSH().equals(ctx.key.data)) return this.refuse(ctx);
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      if (stored.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return this.refuse(ctx);
      const user = await this.services.accounts.userById(row.userId);
      if (!user) return this.refuse(ctx);
      if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) await row.update({ lastUsedAt: new Date() });
      this.bind({ user: toActorUser(user), scope: 'write', method: 'ssh' });
      ctx.accept();
    } catch (err) {
      this.services.logger.error({ err }, 'ssh authentication failed');
      this.refuse(ctx);
    }
  }

  private refuse(ctx: AuthContext, counts = true): void {
    // The last allowed failure gets no answer but the disconnect: no client tries once more.
    if (counts && ++this.failures >= this.services.config.limits.sshMaxAuthTries) return this.giveUp();
    ctx.reject(['publickey']);
  }
}
