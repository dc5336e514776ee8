import { z } from 'zod';
import { HubError, unauthorized } from '../../errors.js';
import { readInput } from '../body.js';
import { memberJson, orgJson } from '../presenters/accounts.js';
import type { HubContext, HubRouter } from '../state.js';

const newOrgSchema = z.object({ name: z.string(), fullname: z.string().max(200).optional(), description: z.string().max(1000).optional() });
const roleSchema = z.object({ role: z.enum(['read', 'write', 'admin']) });

/** Organisations and their members (roles read, write, admin). */
export function registerOrgRoutes(router: HubRouter): void {
  router.post('/api/organizations', createOrg);
  router.get('/api/organizations/:name', getOrg);
  router.get('/api/organizations/:name/members', listMembers);
  router.put('/api/organizations/:name/members/:user', setMember);
  router.delete('/api/organizations/:name/members/:user', removeMember);
}

async function createOrg(ctx: HubContext): Promise<void> {
  const { actor } = ctx.state;
  if (!actor.user) throw unauthorized();
  if (actor.scope === 'read') throw new HubError(403, 'This token has the "read" scope; creating an organization needs "write"');
  const input = await readInput(ctx, newOrgSchema);
  const owner = await ctx.services.accounts.requireUser(actor.user.name);
  const org = await ctx.services.accounts.createOrg({ name: input.name, fullName: input.fullname, description: input.description }, owner);
  await ctx.services.audit.record(actor, { action: 'org.create', target: org.name, ip: ctx.ip });
  ctx.status = 201;
  ctx.body = orgJson(org);
}

async function getOrg(ctx: HubContext): Promise<void> {
  const org = await ctx.services.accounts.requireOrg(ctx.params.name!);
  const members = await ctx.services.accounts.members(org);
  ctx.body = orgJson(org, { numMembers: members.length });
}

async function listMembers(ctx: HubContext): Promise<void> {
  const org = await ctx.services.accounts.requireOrg(ctx.params.name!);
  const members = await ctx.services.accounts.members(org);
  ctx.body = members.map(({ user, role }) => memberJson(user, role));
}

async function requireOrgAdmin(ctx: HubContext) {
  const org = await ctx.services.accounts.requireOrg(ctx.params.name!);
  if (!(await ctx.services.access.canInNamespace(ctx.state.actor, 'manage', org.nameKey))) {
    if (!ctx.state.actor.user) throw unauthorized();
    throw new HubError(403, `Only admins of ${org.name} can manage its members`);
  }
  return org;
}

async function setMember(ctx: HubContext): Promise<void> {
  const org = await requireOrgAdmin(ctx);
  const input = await readInput(ctx, roleSchema);
  const user = await ctx.services.accounts.requireUser(ctx.params.user!);
  await ctx.services.accounts.setMember(org, user, input.role);
  await ctx.services.audit.record(ctx.state.actor, { action: 'org.member', target: `${org.name}/${user.name}`, ip: ctx.ip, details: { role: input.role } });
  ctx.body = memberJson(user, input.role);
}

async function removeMember(ctx: HubContext): Promise<void> {
  const { actor } = ctx.state;
  const leaving = actor.user?.nameKey === ctx.params.user!.toLowerCase() && actor.scope === 'admin';
  const org = leaving ? await ctx.services.accounts.requireOrg(ctx.params.name!) : await requireOrgAdmin(ctx);
  const user = await ctx.services.accounts.requireUser(ctx.params.user!);
  await ctx.services.accounts.removeMember(org, user);
  await ctx.services.audit.record(actor, { action: 'org.member.remove', target: `${org.name}/${user.name}`, ip: ctx.ip });
  ctx.body = {};
}
