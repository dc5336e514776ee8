import type { OrgRow, OrgRole, SshKeyRow, TokenRow, UserRow } from '../../db/models.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A user as others see them; `self` adds what only they (and admins) may see. */
export function userJson(user: UserRow, self = false): Record<string, unknown> {
  return {
    type: 'user',
    id: String(user.id),
    name: user.name,
    fullname: user.fullName,
    ...(self ? { email: user.email, isAdmin: user.isAdmin } : {}),
    createdAt: iso(user.createdAt),
  };
}

export function orgJson(org: OrgRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'org', id: String(org.id), name: org.name, fullname: org.fullName, description: org.description, createdAt: iso(org.createdAt), ...extra };
}

export function memberJson(user: UserRow, role: OrgRole): Record<string, unknown> {
  return { type: 'user', name: user.name, fullname: user.fullName, role };
}

export function tokenJson(row: TokenRow): Record<string, unknown> {
  return {
    id: row.id,
    displayName: row.name,
    role: row.scope,
    scope: row.scope,
    hint: `hf_…${row.tokenHint}`,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}

export function sshKeyJson(row: SshKeyRow): Record<string, unknown> {
  return {
    id: row.id,
    title: row.name,
    keyType: row.keyType,
    key: row.publicKey,
    fingerprint: row.fingerprint,
    createdAt: iso(row.createdAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}
