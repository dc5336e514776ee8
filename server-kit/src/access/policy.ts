import type { OrgRole, TokenScope, Visibility } from '../db/models.js';

/**
 * The access rules, as a pure function so the whole matrix can be tested exhaustively.
 * `AccessPolicy` (access.ts) feeds it facts from the database; nothing else decides access.
 */
export type RepoAction = 'read' | 'write' | 'admin';
export type NamespaceAction = 'create-repo' | 'manage';

/** The caller's standing in the repository's namespace: its owner, or a role in the organisation. */
export type NamespaceRole = 'owner' | OrgRole | null;

export interface Subject {
  signedIn: boolean;
  siteAdmin: boolean;
  scope: TokenScope;
  role: NamespaceRole;
}

/** `hidden`: the caller may not know the repository exists (answer 404). `forbidden`: may see it, may not do this (403). */
export type Decision = 'allow' | 'hidden' | 'forbidden';

const ACTION_RANK: Record<RepoAction, number> = { read: 0, write: 1, admin: 2 };
const SCOPE_RANK: Record<TokenScope, number> = { read: 0, write: 1, admin: 2 };
/**
 * The token scope each repository action needs. As on Hugging Face, a write token may also
 * manage the repositories its owner administers (settings, rename, delete); the admin scope adds
 * account administration (tokens, SSH keys, password, organisation members).
 */
const SCOPE_FOR_ACTION: Record<RepoAction, TokenScope> = { read: 'read', write: 'write', admin: 'write' };
const ROLE_RANK: Record<Exclude<NamespaceRole, null>, number> = { read: 0, write: 1, admin: 2, owner: 2 };

export function canSeeRepo(subject: Subject, visibility: Visibility): boolean {
  if (subject.siteAdmin || subject.role !== null) return true;
  if (visibility === 'public') return true;
  return visibility === 'internal' && subject.signedIn;
}

export function decideRepo(subject: Subject, action: RepoAction, visibility: Visibility): Decision {
  if (!canSeeRepo(subject, visibility)) return 'hidden';
  // A token never acts above its scope, whatever its owner may do.
  if (SCOPE_RANK[SCOPE_FOR_ACTION[action]] > SCOPE_RANK[subject.scope]) return 'forbidden';
  if (action === 'read' || subject.siteAdmin) return 'allow';
  if (subject.role === null) return 'forbidden';
  return ROLE_RANK[subject.role] >= ACTION_RANK[action] ? 'allow' : 'forbidden';
}

export function decideNamespace(subject: Subject, action: NamespaceAction): boolean {
  if (!subject.signedIn) return false;
  const needed = action === 'create-repo' ? SCOPE_RANK.write : SCOPE_RANK.admin;
  if (SCOPE_RANK[subject.scope] < needed) return false;
  if (subject.siteAdmin) return true;
  if (subject.role === null) return false;
  return action === 'create-repo' ? ROLE_RANK[subject.role] >= ROLE_RANK.write : ROLE_RANK[subject.role] >= ROLE_RANK.admin;
}
