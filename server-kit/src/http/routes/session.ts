import { z } from 'zod';
import { SESSION_COOKIE } from '../../auth/authenticate.js';
import { HubError, unauthorized } from '../../errors.js';
import { readInput } from '../body.js';
import { userJson } from '../presenters/accounts.js';
import type { HubContext, HubRouter } from '../state.js';
import { LoginThrottle } from '../../auth/login-throttle.js';
import { toActorUser } from '../../services/accounts.js';

const loginSchema = z.object({ username: z.string().min(1).max(254), password: z.string().min(1).max(1024) });

/** Browser sign-in with name (or email) and password; the session lives in an HttpOnly cookie. */
export function registerSessionRoutes(router: HubRouter): void {
  const throttle = new LoginThrottle();
  router.post('/api/auth/login', (ctx) => login(ctx, throttle));
  router.post('/api/auth/logout', logout);
  router.get('/api/auth/session', currentSession);
}

async function login(ctx: HubContext, throttle: LoginThrottle): Promise<void> {
  const input = await readInput(ctx, loginSchema);
  const key = `${ctx.ip}|${input.username.toLowerCase()}`;
  const wait = throttle.retryAfter(key);
  if (wait > 0) throw new HubError(429, 'Too many failed sign-ins; try again later', { headers: { 'Retry-After': String(wait) } });
  const user = await ctx.services.accounts.checkCredentials(input.username, input.password);
  if (!user) {
    throttle.fail(key);
    throw unauthorized('Invalid username or password');
  }
  throttle.succeed(key);
  const session = await ctx.services.sessions.create(user);
  ctx.cookies.set(SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(ctx),
    path: '/',
    expires: session.expiresAt,
    overwrite: true,
  });
  await ctx.services.audit.record({ user: toActorUser(user), scope: 'admin', method: 'session' }, { action: 'user.login', ip: ctx.ip });
  ctx.body = { user: userJson(user, true), csrfToken: session.csrfToken };
}

async function logout(ctx: HubContext): Promise<void> {
  if (ctx.state.sessionId) await ctx.services.sessions.destroy(ctx.state.sessionId);
  ctx.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: isHttps(ctx), path: '/', expires: new Date(0), overwrite: true });
  ctx.body = {};
}

async function currentSession(ctx: HubContext): Promise<void> {
  const { actor } = ctx.state;
  if (!actor.user) throw unauthorized('Not signed in');
  const user = await ctx.services.accounts.requireUser(actor.user.name);
  ctx.body = { user: userJson(user, true), method: actor.method, csrfToken: ctx.state.csrfToken ?? null };
}

function isHttps(ctx: HubContext): boolean {
  return ctx.secure || (ctx.services.config.publicUrl?.startsWith('https:') ?? false);
}
