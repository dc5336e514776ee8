import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('csghub_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

describe.each(backends)('authentication ($name)', (backend) => {
  let t: TestHub;
  let token: string;

  beforeAll(async () => {
    t = await startHub(backend, {
      // A host portal's SSO: trusts a header its own proxy sets.
      authenticate: (ctx) => ctx.get('x-portal-user') || null,
    });
    token = await t.user('carol');
    await t.user('dave');
  });
  afterAll(() => t.close());

  const whoami = async (headers: Record<string, string>) => t.api('/api/whoami-v2', { headers });

  it('accepts a Bearer token and HTTP Basic with the token as password (what git sends)', async () => {
    expect(((await (await whoami({ authorization: `Bearer ${token}` })).json()) as { name: string }).name).toBe('carol');
    const basic = Buffer.from(`anyone:${token}`).toString('base64');
    expect(((await (await whoami({ authorization: `Basic ${basic}` })).json()) as { name: string }).name).toBe('carol');
  });

  it('refuses wrong credentials with the message Hugging Face clients recognise, never falling back to anonymous', async () => {
    for (const authorization of ['Bearer hf_notarealtokennotarealtoken12', 'Bearer', 'Token abc', `Basic ${Buffer.from('x:wrong').toString('base64')}`]) {
      const res = await t.api('/api/models', { headers: { authorization } });
      await expectError(res, 401, 'Invalid credentials in Authorization header');
      expect(res.headers.get('x-error-message')).toBe('Invalid credentials in Authorization header');
    }
  });

  it('answers anonymous whoami with 401', async () => {
    await expectError(await t.api('/api/whoami-v2'), 401, 'Not signed in: send a token in the Authorization header');
  });

  it('signs in with a password into an HttpOnly, SameSite=Lax session; cookie writes need the CSRF token', async () => {
    await expectError(await t.api('/api/auth/login', { method: 'POST', json: { username: 'carol', password: 'wrong-password' } }), 401, 'Invalid username or password');
    await expectError(await t.api('/api/auth/login', { method: 'POST', json: { username: 'nobody', password: 'password123' } }), 401, 'Invalid username or password');
    expect(await t.api('/api/auth/login', { method: 'POST', json: { username: 'carol' } }).then((r) => r.status)).toBe(400);

    const login = await t.api('/api/auth/login', { method: 'POST', json: { username: 'Carol@Example.test', password: 'password123' } });
    expect(login.status).toBe(200);
    const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { name: string } };
    expect(user.name).toBe('carol');
    const cookie = sessionCookie(login);
    expect(cookie).toMatch(/; path=\//i);
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    const jar = cookie.split(';')[0]!;

    expect(((await (await whoami({ cookie: jar })).json()) as { name: string }).name).toBe('carol');
    const session = (await (await t.api('/api/auth/session', { headers: { cookie: jar } })).json()) as { csrfToken: string };
    expect(session.csrfToken).toBe(csrfToken);

    const create = (headers: Record<string, string>) =>
      t.api('/api/repos/create', { method: 'POST', headers: { cookie: jar, ...headers }, json: { name: 'via-cookie' } });
    await expectError(await create({}), 403, 'Missing or invalid X-CSRF-Token header for a cookie-authenticated request');
    await expectError(await create({ 'x-csrf-token': 'x'.repeat(csrfToken.length) }), 403, 'Missing or invalid X-CSRF-Token header for a cookie-authenticated request');
    expect((await t.api('/api/models/carol/via-cookie', { token })).status).toBe(404);
    expect((await create({ 'x-csrf-token': csrfToken })).status).toBe(200);

    const logout = await t.api('/api/auth/logout', { method: 'POST', headers: { cookie: jar, 'x-csrf-token': csrfToken } });
    expect(logout.status).toBe(200);
    expect(sessionCookie(logout)).toMatch(/^csghub_session=;/);
    // The old cookie no longer works: the caller is anonymous again.
    await expectError(await whoami({ cookie: jar }), 401, 'Not signed in: send a token in the Authorization header');
    const rows = await t.hub.services.db.sequelize.query('SELECT session_hash FROM sessions', { type: 'SELECT' });
    expect(rows.some((r) => JSON.stringify(r).includes(jar.split('=')[1]!))).toBe(false);
  });

  it('throttles password guessing per address and login', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await t.api('/api/auth/login', { method: 'POST', json: { username: 'dave', password: `guess-${i}` } })).status).toBe(401);
    }
    const res = await t.api('/api/auth/login', { method: 'POST', json: { username: 'dave', password: 'password123' } });
    await expectError(res, 429, 'Too many failed sign-ins; try again later');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('maps a host portal session to a hub user through the authenticate hook', async () => {
    expect(((await (await whoami({ 'x-portal-user': 'dave' })).json()) as { name: string; auth: { type: string } })).toMatchObject({ name: 'dave', auth: { type: 'host' } });
    await expectError(await whoami({ 'x-portal-user': 'ghost' }), 401, 'Not signed in: send a token in the Authorization header');
    // Explicit hub credentials win over the portal's.
    expect(((await (await whoami({ 'x-portal-user': 'dave', authorization: `Bearer ${token}` })).json()) as { name: string }).name).toBe('carol');
  });

  it('enforces token scopes: a read token cannot write', async () => {
    const read = await t.token('carol', 'read');
    await expectError(await t.api('/api/repos/create', { method: 'POST', token: read, json: { name: 'nope' } }), 403, 'You cannot create repositories under carol');
    await expectError(await t.api('/api/organizations', { method: 'POST', token: read, json: { name: 'nope-org' } }), 403,
      'This token has the "read" scope; creating an organization needs "write"');
    expect((await t.api('/api/models/carol/nope', { token })).status).toBe(404);
  });

  it('gives every response a request id, keeping a sane incoming one', async () => {
    const res = await t.api('/api/health', { headers: { 'x-request-id': 'proxy-123' } });
    expect(res.headers.get('x-request-id')).toBe('proxy-123');
    const generated = await t.api('/api/health', { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS preflights and exposes the headers Hugging Face clients read', async () => {
    const pre = await t.api('/api/models', { method: 'OPTIONS', headers: { origin: 'https://portal.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization');
    const res = await t.api('/api/models/none/none', { headers: { origin: 'https://portal.example' } });
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Error-Code');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
