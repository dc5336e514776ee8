import { z } from 'zod';
import type { Actor } from '../../access/actor.js';
import type { TokenScope, UserRow } from '../../db/models.js';
import { badRequest, HubError, unauthorized } from '../../errors.js';
import { readInput } from '../body.js';
import { orgJson, sshKeyJson, tokenJson, userJson } from '../presenters/accounts.js';
import type { HubContext, HubRouter } from '../state.js';

const SCOPE_RANK: Record<TokenScope, number> = { read: 0, write: 1, admin: 2 };

const newUserSchema = z.object({
  name: z.string(),
  email: z.string().max(254),
  fullname: z.string().max(200).optional(),
  password: z.string().max(1024).optional(),
  isAdmin: z.boolean().optional(),
});
const profileSchema = z.object({ fullname: z.string().max(200).optional(), email: z.string().max(254).optional() });
const passwordSchema = z.object({ currentPassword: z.string().max(1024).optional(), newPassword: z.string().max(1024) });
const tokenSchema = z.object({
  name: z.string().min(1).max(100),
  scope: z.enum(['read', 'write', 'admin']).optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});
const sshKeySchema = z.object({ title: z.string().max(100).optional(), key: z.string().min(1).max(16_384) });

/** whoami, users (admins create them), the caller's profile, password, access tokens and SSH keys. */
export function registerUserRoutes(router: HubRouter): void {
  router.get('/api/whoami-v2', whoami);
  router.post('/api/users', createUser);
  router.get('/api/users/:name', getUser);
  router.put('/api/user', updateProfile);
  router.put('/api/user/password', changePassword);
  router.get('/api/user/tokens', listTokens);
  router.post('/api/user/tokens', createToken);
  router.delete('/api/user/tokens/:id', revokeToken);
  router.get('/api/user/ssh-keys', listSshKeys);
  router.post('/api/user/ssh-keys', addSshKey);
  router.delete('/api/user/ssh-keys/:id', removeSshKey);
}

/** The signed-in user's row; `scope` is the least a token must have for this call. */
async function me(ctx: HubContext, scope: TokenScope = 'read'): Promise<UserRow> {
  const { actor } = ctx.state;
  if (!actor.user) throw unauthorized();
  requireScope(actor, scope);
  return ctx.services.accounts.requireUser(actor.user.name);
}

function requireScope(actor: Actor, scope: TokenScope): void {
  if (SCOPE_RANK[actor.scope] < SCOPE_RANK[scope]) {
    throw new HubError(403, `This token has the "${actor.scope}" scope; this call needs "${scope}"`);
  }
}

async function whoami(ctx: HubContext): Promise<void> {
  const { actor } = ctx.state;
  if (!actor.user) throw unauthorized('Not signed in: send a token in the Authorization header');
  const user = await me(ctx);
  const orgs = await ctx.services.accounts.orgsOf(user.id);
  ctx.body = {
    ...userJson(user, true),
    emailVerified: true,
    isPro: false,
    orgs: orgs.map(({ org, role }) => ({ ...orgJson(org), roleInOrg: role })),
    auth:
      actor.method === 'token'
        ? { type: 'access_token', accessToken: { displayName: actor.tokenName, role: actor.scope } }
        : { type: actor.method },
  };
}

async function createUser(ctx: HubContext): Promise<void> {
  const admin = await me(ctx, 'admin');
  if (!admin.isAdmin) throw new HubError(403, 'Only site admins can create users');
  const input = await readInput(ctx, newUserSchema);
  const user = await ctx.services.accounts.createUser({
    name: input.name, email: input.email, fullName: input.fullname, password: input.password, isAdmin: input.isAdmin,
  });
  await ctx.services.audit.record(ctx.state.actor, { action: 'user.create', target: user.name, ip: ctx.ip, details: { isAdmin: user.isAdmin } });
  ctx.status = 201;
  ctx.body = userJson(user, true);
}

async function getUser(ctx: HubContext): Promise<void> {
  const user = await ctx.services.accounts.requireUser(ctx.params.name!);
  const self = ctx.state.actor.user?.id === user.id || ctx.state.actor.user?.isAdmin === true;
  const orgs = await ctx.services.accounts.orgsOf(user.id);
  ctx.body = { ...userJson(user, self), orgs: orgs.map(({ org }) => orgJson(org)) };
}

async function updateProfile(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  const input = await readInput(ctx, profileSchema);
  ctx.body = userJson(await ctx.services.accounts.updateProfile(user, { fullName: input.fullname, email: input.email }), true);
}

async function changePassword(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  const input = await readInput(ctx, passwordSchema);
  if (user.passwordHash) {
    const ok = input.currentPassword !== undefined && (await ctx.services.accounts.checkCredentials(user.name, input.currentPassword));
    if (!ok) throw badRequest('The current password is wrong');
  }
  await ctx.services.accounts.setPassword(user, input.newPassword);
  // Other browsers signed in with the old password are signed out.
  await ctx.services.sessions.destroyAllFor(user.id);
  await ctx.services.audit.record(ctx.state.actor, { action: 'user.password', target: user.name, ip: ctx.ip });
  ctx.body = {};
}

async function listTokens(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  ctx.body = (await ctx.services.tokens.list(user)).map(tokenJson);
}

async function createToken(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  const input = await readInput(ctx, tokenSchema);
  const created = await ctx.services.tokens.create(user, {
    name: input.name, scope: input.scope, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
  });
  await ctx.services.audit.record(ctx.state.actor, { action: 'token.create', target: input.name, ip: ctx.ip, details: { scope: created.row.scope } });
  ctx.status = 201;
  ctx.body = { ...tokenJson(created.row), token: created.token };
}

function idParam(ctx: HubContext): number {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw badRequest(`Invalid id "${String(ctx.params.id).slice(0, 40)}"`);
  return id;
}

async function revokeToken(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  const id = idParam(ctx);
  await ctx.services.tokens.revoke(user, id);
  await ctx.services.audit.record(ctx.state.actor, { action: 'token.revoke', target: String(id), ip: ctx.ip });
  ctx.body = {};
}

async function listSshKeys(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'read');
  ctx.body = (await ctx.services.sshKeys.list(user)).map(sshKeyJson);
}

async function addSshKey(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  const input = await readInput(ctx, sshKeySchema);
  const row = await ctx.services.sshKeys.add(user, input);
  await ctx.services.audit.record(ctx.state.actor, { action: 'ssh-key.add', target: row.fingerprint, ip: ctx.ip });
  ctx.status = 201;
  ctx.body = sshKeyJson(row);
}

async function removeSshKey(ctx: HubContext): Promise<void> {
  const user = await me(ctx, 'admin');
  const id = idParam(ctx);
  await ctx.services.sshKeys.remove(user, id);
  await ctx.services.audit.record(ctx.state.actor, { action: 'ssh-key.remove', target: String(id), ip: ctx.ip });
  ctx.body = {};
}
