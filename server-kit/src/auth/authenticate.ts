import type { Context } from 'koa';
import type { Actor } from '../access/actor.js';
import { anonymous } from '../access/actor.js';
import { unauthorized } from '../errors.js';
import { parseRepoPath } from '../http/repo-path.js';
import { toActorUser } from '../services/accounts.js';
import type { HubServices } from '../hub-services.js';
import type { LfsAuthClaims } from './url-signer.js';

export const SESSION_COOKIE = 'csghub_session';

/** Hugging Face's client tells a bad token from a missing repo by this exact message. */
export const INVALID_CREDENTIALS = 'Invalid credentials in Authorization header';

export interface Authentication {
  actor: Actor;
  /** Set when the caller came in on a session cookie: writes must then prove they are not cross-site. */
  csrfToken?: string;
  sessionId?: string;
}

/**
 * Who is asking, in order: an Authorization header (Bearer token, or Basic with the token as
 * password, as git sends it), the session cookie, the host portal's hook. A credential that is
 * sent but wrong is an error, never a silent fall back to anonymous.
 */
export async function authenticate(ctx: Context, services: HubServices): Promise<Authentication> {
  const header = ctx.get('authorization');
  if (header) return { actor: await fromAuthorization(header, ctx, services) };

  const sessionId = ctx.cookies.get(SESSION_COOKIE);
  if (sessionId) {
    const found = await services.sessions.resolve(sessionId);
    if (found) {
      return {
        actor: { user: toActorUser(found.user), scope: 'admin', method: 'session' },
        csrfToken: found.session.csrfToken,
        sessionId,
      };
    }
  }

  const hook = services.config.authenticate;
  if (hook) {
    const name = await hook(ctx);
    if (name) {
      const user = await services.accounts.findUser(name);
      if (user) return { actor: { user: toActorUser(user), scope: 'admin', method: 'host' } };
      services.logger.warn({ name }, 'host authenticate hook named an unknown user');
    }
  }
  return { actor: anonymous };
}

async function fromAuthorization(header: string, ctx: Context, services: HubServices): Promise<Actor> {
  const token = tokenFromHeader(header);
  const lfsGrant = token ? services.lfs.signer.verifyLfsAuth(token) : null;
  if (lfsGrant) return fromLfsGrant(lfsGrant, ctx, services);
  const found = token ? await services.tokens.resolve(token) : null;
  if (!found) throw unauthorized(INVALID_CREDENTIALS);
  return {
    user: toActorUser(found.user),
    scope: found.row.scope,
    method: 'token',
    tokenId: found.row.id,
    tokenName: found.row.name,
  };
}

/**
 * A `git-lfs-authenticate` token (issued over SSH) is good only on the LFS API of the one
 * repository it names, anywhere else it is a wrong credential; it acts with the scope of its
 * operation (download reads, upload also writes), and the access policy still decides.
 */
async function fromLfsGrant(grant: LfsAuthClaims, ctx: Context, services: HubServices): Promise<Actor> {
  const target = parseRepoPath(ctx.path);
  const repo = target && target.rest[0] === 'info' && target.rest[1] === 'lfs' ? await services.repos.find(target) : null;
  const user = repo?.id === grant.repoId ? await services.accounts.userById(grant.userId) : null;
  if (!user) throw unauthorized(INVALID_CREDENTIALS);
  return { user: toActorUser(user), scope: grant.operation === 'upload' ? 'write' : 'read', method: 'ssh' };
}

function tokenFromHeader(header: string): string | null {
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}
