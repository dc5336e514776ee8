import { Op, type WhereOptions } from 'sequelize';
import type { OrgRole, Visibility } from '../db/models.js';
import { HubError, repoNotFound, unauthorized } from '../errors.js';
import type { AccountsService } from '../services/accounts.js';
import type { Actor } from './actor.js';
import { decideNamespace, decideRepo, type Decision, type NamespaceAction, type NamespaceRole, type RepoAction, type Subject } from './policy.js';

/** What the policy needs to know about a repository. */
export interface RepoFacts {
  namespace: string;
  namespaceKey: string;
  name: string;
  visibility: Visibility;
}

/**
 * The one door: every transport (REST, git HTTP, SSH, LFS, resolve, viewer) asks here.
 * It gathers the caller's roles once per actor and hands the facts to the pure rules in policy.ts.
 */
export class AccessPolicy {
  private readonly roles = new WeakMap<Actor, Promise<Map<string, OrgRole>>>();

  constructor(private readonly accounts: AccountsService) {}

  async decide(actor: Actor, action: RepoAction, repo: RepoFacts): Promise<Decision> {
    return decideRepo(await this.subject(actor, repo.namespaceKey), action, repo.visibility);
  }

  async can(actor: Actor, action: RepoAction, repo: RepoFacts): Promise<boolean> {
    return (await this.decide(actor, action, repo)) === 'allow';
  }

  /**
   * Throws unless allowed. A repository the caller may not read is reported as not found (404,
   * `RepoNotFound`), never 403, so its existence does not leak; an anonymous caller refused a
   * write to a visible repository is asked to sign in (401).
   */
  async authorize(actor: Actor, action: RepoAction, repo: RepoFacts): Promise<void> {
    const decision = await this.decide(actor, action, repo);
    if (decision === 'allow') return;
    if (decision === 'hidden') throw repoNotFound(`${repo.namespace}/${repo.name}`);
    if (!actor.user) throw unauthorized('Sign in to do this');
    const scopeLimited = await this.decideAsFullScope(actor, action, repo);
    throw new HubError(
      403,
      scopeLimited
        ? `This token has the "${actor.scope}" scope, which does not allow ${action} access; use a token with a wider scope`
        : `You do not have ${action} access to ${repo.namespace}/${repo.name}`,
    );
  }

  async canInNamespace(actor: Actor, action: NamespaceAction, namespaceKey: string): Promise<boolean> {
    return decideNamespace(await this.subject(actor, namespaceKey), action);
  }

  /** A WHERE clause over `repositories` selecting exactly the rows `can(actor, 'read', row)` allows. */
  async readableWhere(actor: Actor): Promise<WhereOptions> {
    if (!actor.user) return { visibility: 'public' };
    if (actor.user.isAdmin) return {};
    const namespaces = [actor.user.nameKey, ...(await this.rolesOf(actor)).keys()];
    return { [Op.or]: [{ visibility: { [Op.in]: ['public', 'internal'] } }, { namespaceKey: { [Op.in]: namespaces } }] };
  }

  async roleIn(actor: Actor, namespaceKey: string): Promise<NamespaceRole> {
    if (!actor.user) return null;
    if (actor.user.nameKey === namespaceKey) return 'owner';
    return (await this.rolesOf(actor)).get(namespaceKey) ?? null;
  }

  private async subject(actor: Actor, namespaceKey: string): Promise<Subject> {
    return {
      signedIn: actor.user !== null,
      siteAdmin: actor.user?.isAdmin ?? false,
      scope: actor.scope,
      role: await this.roleIn(actor, namespaceKey),
    };
  }

  private async decideAsFullScope(actor: Actor, action: RepoAction, repo: RepoFacts): Promise<boolean> {
    if (actor.scope === 'admin') return false;
    const subject = { ...(await this.subject(actor, repo.namespaceKey)), scope: 'admin' as const };
    return decideRepo(subject, action, repo.visibility) === 'allow';
  }

  private rolesOf(actor: Actor): Promise<Map<string, OrgRole>> {
    let roles = this.roles.get(actor);
    if (!roles) {
      roles = actor.user ? this.accounts.rolesOf(actor.user.id) : Promise.resolve(new Map());
      this.roles.set(actor, roles);
    }
    return roles;
  }
}
