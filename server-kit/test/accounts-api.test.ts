import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { expectError, startHub, type TestHub } from './helpers/hub.js';

// Users, organisations, access tokens, SSH keys and whoami over real HTTP, on every database backend.

const INVALID_CREDENTIALS = 'Invalid credentials in Authorization header';
const NAME_RULE = `use letters, digits, '-', '_' and '.', start and end with a letter or digit, and no '--' or '..'`;
const invalidName = (what: string, name: string) => `Invalid ${what} name "${name}": ${NAME_RULE}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Row = Record<string, unknown>;
// Response bodies are checked field by field, so loose typing is enough here.
type Json = Record<string, any>;

async function rows(t: TestHub, sql: string, replacements?: Record<string, unknown>): Promise<Row[]> {
  return t.hub.services.db.sequelize.query<Row>(sql, { type: QueryTypes.SELECT, ...(replacements ? { replacements } : {}) });
}

/** Everything an accounts call could write, minus columns that change on reads (last_used_at). */
async function snapshot(t: TestHub): Promise<Record<string, Row[]>> {
  return {
    namespaces: await rows(t, 'SELECT name_key, kind FROM namespaces ORDER BY name_key'),
    users: await rows(t, 'SELECT id, name, name_key, email, full_name, password_hash, is_admin FROM users ORDER BY id'),
    organizations: await rows(t, 'SELECT id, name, name_key, full_name, description FROM organizations ORDER BY id'),
    memberships: await rows(t, 'SELECT id, org_id, user_id, role FROM memberships ORDER BY id'),
    tokens: await rows(t, 'SELECT id, user_id, name, token_hash, scope, expires_at FROM access_tokens ORDER BY id'),
    sshKeys: await rows(t, 'SELECT id, user_id, name, fingerprint, public_key FROM ssh_keys ORDER BY id'),
  };
}

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

// Real keys from OpenSSH's ssh-keygen, generated once for the whole file.
interface KeyFiles {
  pub: string;
  priv: string;
  /** The SHA256:... part of `ssh-keygen -lf file.pub`. */
  fingerprint: string;
  comment: string;
}
let keyDir = '';
const keys: Record<string, KeyFiles> = {};

function generateKey(label: string, type: string, bits?: number): KeyFiles {
  const file = path.join(keyDir, label);
  const comment = `${label}@laptop`;
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', comment, '-f', file]);
  const printed = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' });
  const fingerprint = printed.trim().split(/\s+/)[1]!;
  expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  return { pub: fs.readFileSync(`${file}.pub`, 'utf8'), priv: fs.readFileSync(file, 'utf8'), fingerprint, comment };
}

beforeAll(() => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csghub-keys-'));
  keys.ed25519 = generateKey('ed25519', 'ed25519');
  keys.ed25519b = generateKey('ed25519b', 'ed25519');
  keys.ecdsa256 = generateKey('ecdsa256', 'ecdsa', 256);
  keys.ecdsa521 = generateKey('ecdsa521', 'ecdsa', 521);
  keys.rsa2048 = generateKey('rsa2048', 'rsa', 2048);
  keys.rsa1024 = generateKey('rsa1024', 'rsa', 1024);
  keys.dup = generateKey('dup', 'ed25519');
  keys.alice = generateKey('alice', 'rsa', 3072);
  keys.bob = generateKey('bob', 'ecdsa', 384);
});

afterAll(() => {
  if (keyDir) fs.rmSync(keyDir, { recursive: true, force: true });
});

describe.each(backends)('accounts API on $name', (backend) => {
  let t: TestHub;
  /** Admin-scope token of the site admin "boss". */
  let boss: string;

  beforeAll(async () => {
    t = await startHub(backend);
    boss = await t.user('boss', { admin: true, scope: 'admin' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const userCount = async () => (await t.hub.services.accounts.listUsers()).length;

  /** The name has no user, no namespace row, and GET /api/users/NAME is 404. */
  async function expectNoUser(name: string): Promise<void> {
    expect(await t.hub.services.accounts.findUser(name)).toBeNull();
    if (name) {
      expect(await t.hub.services.accounts.namespaceKind(name)).toBeNull();
      await expectError(await t.api(`/api/users/${encodeURIComponent(name)}`), 404, `User not found: ${name}`);
    }
  }

  const post = (pathname: string, body: unknown, token?: string) =>
    t.api(pathname, { method: 'POST', json: body, ...(token ? { token } : {}) });
  const put = (pathname: string, body: unknown, token?: string) =>
    t.api(pathname, { method: 'PUT', json: body, ...(token ? { token } : {}) });
  const del = (pathname: string, token?: string) => t.api(pathname, { method: 'DELETE', ...(token ? { token } : {}) });

  describe('POST /api/users', () => {
    it('refuses anonymous callers, non-admins and admins with a narrower token, writing nothing', async () => {
      const plainAdminScope = await t.user('plain1', { scope: 'admin' });
      const bossWrite = await t.token('boss', 'write');
      const before = await snapshot(t);
      const count = await userCount();
      const newbie = { name: 'newbie', email: 'newbie@example.test', password: 'password123' };

      await expectError(await post('/api/users', newbie), 401, 'Authentication required');
      await expectError(await post('/api/users', newbie, plainAdminScope), 403, 'Only site admins can create users');
      await expectError(await post('/api/users', { ...newbie, isAdmin: true }, plainAdminScope), 403, 'Only site admins can create users');
      await expectError(await post('/api/users', newbie, bossWrite), 403, 'This token has the "write" scope; this call needs "admin"');

      expect(await userCount()).toBe(count);
      expect(await snapshot(t)).toEqual(before);
      await expectNoUser('newbie');
    });

    it('creates a user for a site admin: 201 with the user, who can then sign in', async () => {
      const count = await userCount();
      const res = await post('/api/users', { name: 'Carol', email: ' Carol@Example.test ', fullname: 'Carol C', password: 'correct horse' }, boss);
      expect(res.status).toBe(201);
      const body = await json(res);
      expect(body).toEqual({
        type: 'user',
        id: expect.stringMatching(/^[1-9]\d*$/),
        name: 'Carol',
        fullname: 'Carol C',
        email: 'carol@example.test',
        isAdmin: false,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      expect(await userCount()).toBe(count + 1);
      expect(await t.hub.services.accounts.namespaceKind('carol')).toBe('user');

      // Others see the public profile only (no email, no admin flag).
      const seen = await json(await t.api('/api/users/carol'));
      expect(seen).toEqual({ type: 'user', id: body.id, name: 'Carol', fullname: 'Carol C', createdAt: body.createdAt, orgs: [] });

      const login = await post('/api/auth/login', { username: 'carol', password: 'correct horse' });
      expect(login.status).toBe(200);
      expect((await json(login)).user.name).toBe('Carol');
      await expectError(await post('/api/auth/login', { username: 'carol', password: 'wrong horse' }), 401, 'Invalid username or password');
    });

    it('creates site admins when asked, and accepts a 96-character name', async () => {
      const res = await post('/api/users', { name: 'second-admin', email: 'second-admin@example.test', isAdmin: true }, boss);
      expect(res.status).toBe(201);
      expect((await json(res)).isAdmin).toBe(true);
      expect((await t.hub.services.accounts.requireUser('second-admin')).isAdmin).toBe(true);

      const long = `l${'o'.repeat(94)}n`;
      expect(long).toHaveLength(96);
      const created = await post('/api/users', { name: long, email: 'long@example.test' }, boss);
      expect(created.status).toBe(201);
      expect((await json(created)).name).toBe(long);
    });

    it('answers 409 for a taken name (any case, or an organisation) or email, writing nothing', async () => {
      await t.user('dave');
      const dave = await t.hub.services.accounts.requireUser('dave');
      await t.hub.services.accounts.createOrg({ name: 'AcmeDup' }, dave);
      const before = await snapshot(t);
      const count = await userCount();

      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: 'dave', email: 'other1@example.test' }, 'The name "dave" is already taken'],
        [{ name: 'DAVE', email: 'other2@example.test' }, 'The name "DAVE" is already taken'],
        [{ name: 'Dave', email: 'other3@example.test', password: 'password123' }, 'The name "Dave" is already taken'],
        [{ name: 'acmedup', email: 'other4@example.test' }, 'The name "acmedup" is already taken'],
        [{ name: 'AcmeDup', email: 'other5@example.test' }, 'The name "AcmeDup" is already taken'],
        [{ name: 'dave2', email: 'dave@example.test' }, 'A user with email dave@example.test already exists'],
        [{ name: 'dave3', email: 'DAVE@Example.TEST' }, 'A user with email DAVE@Example.TEST already exists'],
      ];
      for (const [input, message] of cases) {
        await expectError(await post('/api/users', input, boss), 409, message);
      }

      expect(await userCount()).toBe(count);
      expect(await snapshot(t)).toEqual(before);
      for (const name of ['dave2', 'dave3']) await expectNoUser(name);
      expect((await t.hub.services.accounts.requireUser('dave')).email).toBe('dave@example.test');
      expect(await t.hub.services.accounts.namespaceKind('acmedup')).toBe('org');
      // The refused attempts left nothing behind: the names are still free.
      expect((await post('/api/users', { name: 'dave2', email: 'dave2@example.test' }, boss)).status).toBe(201);
    });

    const badNames: Array<{ label: string; name: unknown; message: string }> = [
      { label: '../x', name: '../x', message: invalidName('user', '../x') },
      { label: 'empty', name: '', message: 'The user name is required' },
      { label: '300 characters', name: 'a'.repeat(300), message: 'The user name is longer than 96 characters' },
      { label: '97 characters', name: 'b'.repeat(97), message: 'The user name is longer than 96 characters' },
      { label: 'has space', name: 'has space', message: invalidName('user', 'has space') },
      { label: 'reserved api', name: 'api', message: '"api" is a reserved name' },
      { label: 'reserved models', name: 'models', message: '"models" is a reserved name' },
      { label: 'reserved settings', name: 'settings', message: '"settings" is a reserved name' },
      { label: 'reserved in another case', name: 'API', message: '"API" is a reserved name' },
      { label: 'Cyrillic lookalike', name: '\u0430lice', message: invalidName('user', '\u0430lice') },
      { label: 'leading dash', name: '-alice', message: invalidName('user', '-alice') },
      { label: 'double dash', name: 'al--ice', message: invalidName('user', 'al--ice') },
      { label: 'trailing dot', name: 'alice.', message: invalidName('user', 'alice.') },
      { label: 'slash', name: 'a/b', message: invalidName('user', 'a/b') },
      { label: 'a number', name: 42, message: 'Invalid request: name: Invalid input: expected string, received number' },
    ];
    it.each(badNames)('refuses the name: $label (400, nothing written)', async ({ name, message }) => {
      const before = await snapshot(t);
      const count = await userCount();
      await expectError(await post('/api/users', { name, email: 'bad-name@example.test', password: 'password123' }, boss), 400, message);
      expect(await userCount()).toBe(count);
      expect(await snapshot(t)).toEqual(before);
      if (typeof name === 'string') await expectNoUser(name);
    });

    const badInputs: Array<{ label: string; body: Record<string, unknown>; message: string }> = [
      { label: 'email without @', body: { name: 'eve', email: 'not-an-email' }, message: 'Invalid email address "not-an-email"' },
      { label: 'empty email', body: { name: 'eve', email: '' }, message: 'Invalid email address ""' },
      { label: 'email with a space', body: { name: 'eve', email: 'e ve@example.test' }, message: 'Invalid email address "e ve@example.test"' },
      { label: 'email with nothing after @', body: { name: 'eve', email: 'eve@' }, message: 'Invalid email address "eve@"' },
      { label: 'missing email', body: { name: 'eve' }, message: 'Invalid request: email: Invalid input: expected string, received undefined' },
      { label: 'short password', body: { name: 'eve', email: 'eve@example.test', password: 'short' }, message: 'The password must have at least 8 characters' },
      { label: 'isAdmin not a boolean', body: { name: 'eve', email: 'eve@example.test', isAdmin: 'yes' }, message: 'Invalid request: isAdmin: Invalid input: expected boolean, received string' },
    ];
    it.each(badInputs)('refuses $label (400, nothing written)', async ({ body, message }) => {
      const before = await snapshot(t);
      await expectError(await post('/api/users', body, boss), 400, message);
      expect(await snapshot(t)).toEqual(before);
      await expectNoUser('eve');
    });

    it('refuses a body that is not JSON (400, nothing written)', async () => {
      const before = await snapshot(t);
      const res = await t.api('/api/users', { method: 'POST', token: boss, headers: { 'content-type': 'application/json' }, body: '{"name": "eve",' });
      await expectError(res, 400, /^Malformed JSON body: /);
      await expectError(await post('/api/users', ['eve'], boss), 400, 'The body must be a JSON object');
      expect(await snapshot(t)).toEqual(before);
      await expectNoUser('eve');
    });
  });

  describe('organisations', () => {
    /** A user with an admin-scope token (so they may manage what they own). */
    const member = (name: string) => t.user(name, { scope: 'admin' });

    async function members(org: string): Promise<Array<[string, string]>> {
      const res = await t.api(`/api/organizations/${org}/members`);
      expect(res.status).toBe(200);
      return ((await json(res)) as unknown as Json[]).map((m) => [m.name as string, m.role as string]);
    }

    it('creates an organisation whose creator becomes its admin', async () => {
      const alice = await member('org-alice');
      const res = await post('/api/organizations', { name: 'Acme', fullname: 'Acme Inc', description: 'Models for everyone' }, alice);
      expect(res.status).toBe(201);
      const org = await json(res);
      expect(org).toEqual({
        type: 'org',
        id: expect.stringMatching(/^[1-9]\d*$/),
        name: 'Acme',
        fullname: 'Acme Inc',
        description: 'Models for everyone',
        createdAt: expect.stringMatching(/Z$/),
      });

      expect(await json(await t.api('/api/organizations/acme'))).toEqual({ ...org, numMembers: 1 });
      expect(await json(await t.api('/api/organizations/ACME/members'))).toEqual([{ type: 'user', name: 'org-alice', fullname: '', role: 'admin' }]);

      const who = await json(await t.api('/api/whoami-v2', { token: alice }));
      expect(who.orgs).toEqual([{ ...org, roleInOrg: 'admin' }]);
      expect((await json(await t.api('/api/users/org-alice'))).orgs).toEqual([org]);
    });

    it('refuses to create an organisation without credentials, with a read token, or under a taken or bad name', async () => {
      const owner = await member('org-owner2');
      const ownerRead = await t.token('org-owner2', 'read');
      await t.user('taken-user');
      expect((await post('/api/organizations', { name: 'Taken-Org' }, owner)).status).toBe(201);
      const before = await snapshot(t);

      await expectError(await post('/api/organizations', { name: 'neworg' }), 401, 'Authentication required');
      await expectError(await post('/api/organizations', { name: 'neworg' }, ownerRead), 403, 'This token has the "read" scope; creating an organization needs "write"');
      await expectError(await post('/api/organizations', { name: 'taken-user' }, owner), 409, 'The name "taken-user" is already taken');
      await expectError(await post('/api/organizations', { name: 'TAKEN-USER' }, owner), 409, 'The name "TAKEN-USER" is already taken');
      await expectError(await post('/api/organizations', { name: 'taken-org' }, owner), 409, 'The name "taken-org" is already taken');
      await expectError(await post('/api/organizations', { name: 'datasets' }, owner), 400, '"datasets" is a reserved name');
      await expectError(await post('/api/organizations', { name: 'bad org' }, owner), 400, invalidName('organization', 'bad org'));
      await expectError(await post('/api/organizations', { name: '' }, owner), 400, 'The organization name is required');

      expect(await snapshot(t)).toEqual(before);
      expect(await t.hub.services.accounts.namespaceKind('neworg')).toBeNull();
      await expectError(await t.api('/api/organizations/neworg'), 404, 'Organization not found: neworg');
      expect(await t.hub.services.accounts.namespaceKind('taken-user')).toBe('user');
    });

    it('lets org admins, and only them, set and remove members', async () => {
      const admin = await member('m-admin');
      const writer = await member('m-writer');
      await member('m-reader');
      await member('m-outsider');
      const outsider = await t.token('m-outsider', 'admin');
      const adminWrite = await t.token('m-admin', 'write');
      expect((await post('/api/organizations', { name: 'Members-Org' }, admin)).status).toBe(201);

      const setWriter = await put('/api/organizations/members-org/members/M-Writer', { role: 'write' }, admin);
      expect(setWriter.status).toBe(200);
      expect(await json(setWriter)).toEqual({ type: 'user', name: 'm-writer', fullname: '', role: 'write' });
      expect((await put('/api/organizations/members-org/members/m-reader', { role: 'read' }, admin)).status).toBe(200);
      expect(await members('members-org')).toEqual([['m-admin', 'admin'], ['m-writer', 'write'], ['m-reader', 'read']]);
      expect((await json(await t.api('/api/organizations/members-org'))).numMembers).toBe(3);

      const before = await snapshot(t);
      const denied = 'Only admins of Members-Org can manage its members';
      await expectError(await put('/api/organizations/members-org/members/m-reader', { role: 'write' }, writer), 403, denied);
      await expectError(await put('/api/organizations/members-org/members/m-writer', { role: 'admin' }, writer), 403, denied);
      await expectError(await del('/api/organizations/members-org/members/m-reader', writer), 403, denied);
      await expectError(await put('/api/organizations/members-org/members/m-outsider', { role: 'admin' }, outsider), 403, denied);
      await expectError(await put('/api/organizations/members-org/members/m-reader', { role: 'write' }, adminWrite), 403, denied);
      await expectError(await put('/api/organizations/members-org/members/m-reader', { role: 'write' }), 401, 'Authentication required');
      await expectError(await del('/api/organizations/members-org/members/m-reader'), 401, 'Authentication required');
      await expectError(
        await put('/api/organizations/members-org/members/m-reader', { role: 'owner' }, admin),
        400,
        'Invalid request: role: Invalid option: expected one of "read"|"write"|"admin"',
      );
      await expectError(await put('/api/organizations/members-org/members/nobody', { role: 'read' }, admin), 404, 'User not found: nobody');
      await expectError(await del('/api/organizations/members-org/members/nobody', admin), 404, 'User not found: nobody');
      await expectError(await del('/api/organizations/members-org/members/m-outsider', admin), 404, 'm-outsider is not a member of Members-Org');
      expect(await snapshot(t)).toEqual(before);

      // Promote, then remove.
      expect((await put('/api/organizations/members-org/members/m-writer', { role: 'admin' }, admin)).status).toBe(200);
      expect((await json(await t.api('/api/whoami-v2', { token: writer }))).orgs.map((o: Json) => [o.name, o.roleInOrg])).toEqual([['Members-Org', 'admin']]);
      const removed = await del('/api/organizations/members-org/members/m-reader', admin);
      expect(removed.status).toBe(200);
      expect(await json(removed)).toEqual({});
      expect(await members('members-org')).toEqual([['m-admin', 'admin'], ['m-writer', 'admin']]);
      await expectError(await del('/api/organizations/members-org/members/m-reader', admin), 404, 'm-reader is not a member of Members-Org');
    });

    it('never lets the last admin be demoted or removed', async () => {
      const solo = await member('last-admin');
      const other = await member('last-other');
      expect((await post('/api/organizations', { name: 'solo-org' }, solo)).status).toBe(201);
      expect((await put('/api/organizations/solo-org/members/last-other', { role: 'write' }, solo)).status).toBe(200);
      const before = await snapshot(t);

      const last = (who: string) => `${who} is the last admin of solo-org; make someone else admin first`;
      for (const role of ['write', 'read']) {
        await expectError(await put('/api/organizations/solo-org/members/last-admin', { role }, solo), 409, last('last-admin'));
      }
      await expectError(await del('/api/organizations/solo-org/members/last-admin', solo), 409, last('last-admin'));
      // A site admin may manage any organisation, but not orphan it either.
      await expectError(await del('/api/organizations/solo-org/members/last-admin', boss), 409, last('last-admin'));
      expect(await snapshot(t)).toEqual(before);
      expect(await members('solo-org')).toEqual([['last-admin', 'admin'], ['last-other', 'write']]);

      // With a second admin, the first may step down; then the second is the last one.
      expect((await put('/api/organizations/solo-org/members/last-other', { role: 'admin' }, solo)).status).toBe(200);
      expect((await put('/api/organizations/solo-org/members/last-admin', { role: 'read' }, solo)).status).toBe(200);
      await expectError(await del('/api/organizations/solo-org/members/last-other', other), 409, last('last-other'));
      expect(await members('solo-org')).toEqual([['last-admin', 'read'], ['last-other', 'admin']]);
    });

    it.each([
      ['each demotes themselves', 'demote'],
      ['each leaves', 'leave'],
    ] as const)('keeps an admin when all admins step down at the same time (%s)', async (_label, how) => {
      const prefix = `race-${how}`;
      const org = `${prefix}-org`;
      const names = Array.from({ length: 4 }, (_, i) => `${prefix}-${i}`);
      const tokens: string[] = [];
      for (const name of names) tokens.push(await member(name));
      expect((await post('/api/organizations', { name: org }, tokens[0]!)).status).toBe(201);
      for (const name of names.slice(1)) {
        expect((await put(`/api/organizations/${org}/members/${name}`, { role: 'admin' }, tokens[0]!)).status).toBe(200);
      }

      const results = await Promise.all(
        names.map((name, i) =>
          how === 'demote'
            ? put(`/api/organizations/${org}/members/${name}`, { role: 'read' }, tokens[i]!)
            : del(`/api/organizations/${org}/members/${name}`, tokens[i]!),
        ),
      );
      const admins = (await members(org)).filter(([, role]) => role === 'admin').map(([name]) => name);
      const statuses = results.map((r) => r.status);
      expect({ admins: admins.length, refused: statuses.filter((s) => s === 409).length, ok: statuses.filter((s) => s === 200).length })
        .toEqual({ admins: 1, refused: 1, ok: names.length - 1 });
      // The one refused is the one still admin, told why.
      const i = statuses.indexOf(409);
      expect(admins).toEqual([names[i]]);
      await expectError(results[i]!, 409, `${names[i]} is the last admin of ${org}; make someone else admin first`);
    });

    it('lets a member leave', async () => {
      const owner = await member('leave-owner');
      const leaver = await member('leave-member');
      expect((await post('/api/organizations', { name: 'leave-org' }, owner)).status).toBe(201);
      expect((await put('/api/organizations/leave-org/members/leave-member', { role: 'read' }, owner)).status).toBe(200);
      expect((await json(await t.api('/api/whoami-v2', { token: leaver }))).orgs).toHaveLength(1);

      const res = await del('/api/organizations/leave-org/members/LEAVE-MEMBER', leaver);
      expect(res.status).toBe(200);
      expect(await members('leave-org')).toEqual([['leave-owner', 'admin']]);
      expect((await json(await t.api('/api/whoami-v2', { token: leaver }))).orgs).toEqual([]);
      await expectError(await del('/api/organizations/leave-org/members/leave-member', leaver), 404, 'leave-member is not a member of leave-org');
    });

    it('answers 404 for unknown organisations', async () => {
      const someone = await member('org-404');
      const before = await snapshot(t);
      await expectError(await t.api('/api/organizations/no-such-org'), 404, 'Organization not found: no-such-org');
      await expectError(await t.api('/api/organizations/no-such-org/members'), 404, 'Organization not found: no-such-org');
      await expectError(await put('/api/organizations/no-such-org/members/org-404', { role: 'read' }, someone), 404, 'Organization not found: no-such-org');
      await expectError(await del('/api/organizations/no-such-org/members/org-404', someone), 404, 'Organization not found: no-such-org');
      await expectError(await del('/api/organizations/no-such-org/members/boss', boss), 404, 'Organization not found: no-such-org');
      // A user's name is not an organisation.
      await expectError(await t.api('/api/organizations/org-404'), 404, 'Organization not found: org-404');
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('access tokens (/api/user/tokens)', () => {
    it('shows a new token once; lists and the database never hold it', async () => {
      const owner = await t.user('tok-owner', { scope: 'admin' });
      const res = await post('/api/user/tokens', { name: 'ci', scope: 'read' }, owner);
      expect(res.status).toBe(201);
      const created = await json(res);
      const token = created.token as string;
      expect(token).toMatch(/^hf_[A-Za-z0-9]{34}$/);
      expect(created).toEqual({
        id: expect.any(Number),
        displayName: 'ci',
        role: 'read',
        scope: 'read',
        hint: `hf_…${token.slice(-4)}`,
        createdAt: expect.stringMatching(/Z$/),
        expiresAt: null,
        lastUsedAt: null,
        token,
      });

      // The token works, with its name and scope.
      const who = await json(await t.api('/api/whoami-v2', { token }));
      expect(who.name).toBe('tok-owner');
      expect(who.auth).toEqual({ type: 'access_token', accessToken: { displayName: 'ci', role: 'read' } });

      const list = await t.api('/api/user/tokens', { token: owner });
      expect(list.status).toBe(200);
      const text = await list.text();
      expect(text).not.toContain(token.slice(3));
      const entries = JSON.parse(text) as Json[];
      expect(entries.map((e) => e.displayName)).toEqual(['test', 'ci']);
      for (const entry of entries) expect(entry).not.toHaveProperty('token');
      expect(entries[1]).toEqual({ ...created, token: undefined, lastUsedAt: expect.any(String) });

      // Only the sha256 is stored: in no column of no table is the secret.
      const stored = await rows(t, 'SELECT * FROM access_tokens WHERE id = :id', { id: created.id });
      expect(stored).toHaveLength(1);
      expect(stored[0]!.token_hash).toBe(sha256(token));
      const tables = (await t.hub.services.db.sequelize.getQueryInterface().showAllTables()).map((x) =>
        typeof x === 'string' ? x : (x as { tableName: string }).tableName,
      );
      expect(tables).toContain('access_tokens');
      for (const table of tables) {
        for (const row of await rows(t, `SELECT * FROM ${table}`)) {
          for (const [column, value] of Object.entries(row)) {
            const s = value instanceof Buffer ? value.toString('latin1') : String(value);
            expect(s.includes(token.slice(3)), `${table}.${column}`).toBe(false);
          }
        }
      }
    });

    it('refuses a revoked token with 401 and Invalid credentials', async () => {
      const owner = await t.user('tok-revoke', { scope: 'admin' });
      const created = await json(await post('/api/user/tokens', { name: 'short-lived', scope: 'write' }, owner));
      expect((await t.api('/api/whoami-v2', { token: created.token })).status).toBe(200);

      // Another user cannot revoke it, and a bad id is a 400.
      const stranger = await t.user('tok-stranger', { scope: 'admin' });
      await expectError(await del(`/api/user/tokens/${created.id}`, stranger), 404, `Token not found: ${created.id}`);
      await expectError(await del('/api/user/tokens/abc', owner), 400, 'Invalid id "abc"');
      expect((await t.api('/api/whoami-v2', { token: created.token })).status).toBe(200);

      const res = await del(`/api/user/tokens/${created.id}`, owner);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({});
      expect(await rows(t, 'SELECT id FROM access_tokens WHERE id = :id', { id: created.id })).toEqual([]);

      const refused = await t.api('/api/whoami-v2', { token: created.token });
      expect(refused.headers.get('x-error-message')).toBe(INVALID_CREDENTIALS);
      await expectError(refused, 401, INVALID_CREDENTIALS);
      // Refused everywhere, not just on whoami, and never a silent fall back to anonymous.
      await expectError(await t.api('/api/organizations/no-org', { token: created.token }), 401, INVALID_CREDENTIALS);
      await expectError(await del(`/api/user/tokens/${created.id}`, owner), 404, `Token not found: ${created.id}`);
      expect(((await json(await t.api('/api/user/tokens', { token: owner }))) as unknown as Json[]).map((e) => e.displayName)).toEqual(['test']);
    });

    it('needs an admin-scope credential to list, create or revoke tokens', async () => {
      await t.user('tok-scope', { scope: 'admin' });
      const read = await t.token('tok-scope', 'read');
      const write = await t.token('tok-scope', 'write');
      const ids = (await rows(t, "SELECT id FROM access_tokens WHERE user_id = (SELECT id FROM users WHERE name_key = 'tok-scope') ORDER BY id")).map((r) => r.id);
      const before = await snapshot(t);
      for (const [scope, token] of [['read', read], ['write', write]] as const) {
        const message = `This token has the "${scope}" scope; this call needs "admin"`;
        await expectError(await t.api('/api/user/tokens', { token }), 403, message);
        await expectError(await post('/api/user/tokens', { name: 'escalate', scope: 'admin' }, token), 403, message);
        await expectError(await del(`/api/user/tokens/${String(ids[0])}`, token), 403, message);
      }
      await expectError(await t.api('/api/user/tokens'), 401, 'Authentication required');
      await expectError(await post('/api/user/tokens', { name: 'anon' }), 401, 'Authentication required');
      expect(await snapshot(t)).toEqual(before);
    });

    const badTokens: Array<{ label: string; body: Record<string, unknown>; message: string }> = [
      { label: 'an unknown scope', body: { name: 'x', scope: 'superuser' }, message: 'Invalid request: scope: Invalid option: expected one of "read"|"write"|"admin"' },
      { label: 'an expiry in the past', body: { name: 'x', expiresAt: '2020-01-01T00:00:00Z' }, message: 'The expiry date must be in the future' },
      { label: 'an expiry that is not a date', body: { name: 'x', expiresAt: 'tomorrow' }, message: 'Invalid request: expiresAt: Invalid ISO datetime' },
      { label: 'an empty name', body: { name: '' }, message: 'Invalid request: name: Too small: expected string to have >=1 characters' },
      { label: 'a 101-character name', body: { name: 'n'.repeat(101) }, message: 'Invalid request: name: Too big: expected string to have <=100 characters' },
      { label: 'a blank name', body: { name: '   ' }, message: 'The token name must have 1 to 100 characters' },
    ];
    it.each(badTokens)('refuses $label (400, nothing written)', async ({ body, message }) => {
      const owner = (await t.hub.services.accounts.findUser('tok-bad')) ? await t.token('tok-bad', 'admin') : await t.user('tok-bad', { scope: 'admin' });
      const before = await snapshot(t);
      await expectError(await post('/api/user/tokens', body, owner), 400, message);
      expect(await snapshot(t)).toEqual(before);
    });

    it('accepts a future expiry and refuses the token once it has passed', async () => {
      const owner = await t.user('tok-expiry', { scope: 'admin' });
      const expiresAt = new Date(Date.now() + 3600_000);
      const res = await post('/api/user/tokens', { name: 'temp', scope: 'write', expiresAt: expiresAt.toISOString() }, owner);
      expect(res.status).toBe(201);
      const created = await json(res);
      expect(created.expiresAt).toBe(expiresAt.toISOString());
      expect((await t.api('/api/whoami-v2', { token: created.token })).status).toBe(200);

      await t.hub.services.db.sequelize.query('UPDATE access_tokens SET expires_at = :past WHERE id = :id', {
        replacements: { past: new Date(Date.now() - 60_000), id: created.id },
      });
      const refused = await t.api('/api/whoami-v2', { token: created.token });
      expect(refused.headers.get('x-error-message')).toBe(INVALID_CREDENTIALS);
      await expectError(refused, 401, INVALID_CREDENTIALS);
      // The owner's other credentials are unaffected.
      expect((await t.api('/api/whoami-v2', { token: owner })).status).toBe(200);
    });
  });

  describe('SSH keys (/api/user/ssh-keys)', () => {
    const addKey = (token: string, key: string, title?: string) => post('/api/user/ssh-keys', title === undefined ? { key } : { key, title }, token);

    it.each([
      ['ed25519', 'ssh-ed25519'],
      ['ecdsa256', 'ecdsa-sha2-nistp256'],
      ['ecdsa521', 'ecdsa-sha2-nistp521'],
      ['rsa2048', 'ssh-rsa'],
    ])('accepts a %s key with the fingerprint ssh-keygen prints', async (label, keyType) => {
      const user = `ssh-${label}`;
      const token = await t.user(user, { scope: 'admin' });
      const key = keys[label]!;
      const res = await addKey(token, key.pub);
      expect(res.status).toBe(201);
      const body = await json(res);
      const [type, blob] = key.pub.trim().split(' ');
      expect(body).toEqual({
        id: expect.any(Number),
        title: key.comment,
        keyType,
        key: `${type} ${blob}`,
        fingerprint: key.fingerprint,
        createdAt: expect.stringMatching(/Z$/),
        lastUsedAt: null,
      });
      expect(await json(await t.api('/api/user/ssh-keys', { token }))).toEqual([body]);
      expect((await t.hub.services.sshKeys.findByFingerprint(key.fingerprint))?.id).toBe(body.id);
    });

    it('keeps a given title', async () => {
      const token = await t.user('ssh-title', { scope: 'admin' });
      const res = await addKey(token, keys.ed25519b!.pub, '  Work laptop ');
      expect(res.status).toBe(201);
      expect((await json(res)).title).toBe('Work laptop');
    });

    const badKeys: Array<{ label: string; key: () => string; message: string }> = [
      { label: 'an RSA 1024 key', key: () => keys.rsa1024!.pub, message: 'RSA keys must have at least 2048 bits' },
      { label: 'a private key file', key: () => keys.ed25519!.priv, message: 'This is a private key: upload the .pub file' },
      { label: 'an RSA private key file', key: () => keys.rsa2048!.priv, message: 'This is a private key: upload the .pub file' },
      { label: 'a private key squeezed onto one line', key: () => keys.ed25519!.priv.replace(/\n/g, ' '), message: 'This is a private key: upload the .pub file' },
      { label: 'garbage', key: () => 'hello world', message: 'Not a valid OpenSSH public key' },
      { label: 'a key type with a broken blob', key: () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBROKEN comment', message: 'Not a valid OpenSSH public key' },
      { label: 'two keys', key: () => `${keys.ed25519!.pub.trim()}\n${keys.ecdsa256!.pub.trim()}`, message: 'Give exactly one public key line' },
      { label: 'blank text', key: () => '   ', message: 'The public key is required' },
      { label: 'an empty key', key: () => '', message: 'Invalid request: key: Too small: expected string to have >=1 characters' },
    ];
    it.each(badKeys)('refuses $label (400, nothing written)', async ({ key, message }) => {
      const token = (await t.hub.services.accounts.findUser('ssh-bad')) ? await t.token('ssh-bad', 'admin') : await t.user('ssh-bad', { scope: 'admin' });
      const before = await snapshot(t);
      await expectError(await addKey(token, key()), 400, message);
      expect(await snapshot(t)).toEqual(before);
      expect(await json(await t.api('/api/user/ssh-keys', { token }))).toEqual([]);
    });

    it('refuses a key already registered, by the same or another user (409)', async () => {
      const first = await t.user('ssh-dup1', { scope: 'admin' });
      const second = await t.user('ssh-dup2', { scope: 'admin' });
      const key = keys.dup!;
      expect((await addKey(first, key.pub)).status).toBe(201);
      const before = await snapshot(t);

      await expectError(await addKey(first, key.pub), 409, 'This key is already registered');
      const [type, blob] = key.pub.trim().split(' ');
      await expectError(await addKey(first, `${type} ${blob} other-comment`, 'again'), 409, 'This key is already registered');
      await expectError(await addKey(second, key.pub), 409, 'This key is already registered');
      await expectError(await addKey(second, `\n  ${type} ${blob}  \n`), 409, 'This key is already registered');

      expect(await snapshot(t)).toEqual(before);
      expect(await json(await t.api('/api/user/ssh-keys', { token: second }))).toEqual([]);
    });

    it('lists only the caller\'s keys; deletes own keys, not others\' (404)', async () => {
      const alice = await t.user('ssh-alice', { scope: 'admin' });
      const bob = await t.user('ssh-bob', { scope: 'admin' });
      const aliceKey = keys.alice!;
      const a = await json(await addKey(alice, aliceKey.pub));
      const b = await json(await addKey(bob, keys.bob!.pub));
      expect([a.keyType, b.keyType]).toEqual(['ssh-rsa', 'ecdsa-sha2-nistp384']);
      expect((await json(await t.api('/api/user/ssh-keys', { token: alice }))).map((k: Json) => k.id)).toEqual([a.id]);
      expect((await json(await t.api('/api/user/ssh-keys', { token: bob }))).map((k: Json) => k.id)).toEqual([b.id]);

      // A read token may list, not change; anonymous may do neither.
      const aliceRead = await t.token('ssh-alice', 'read');
      expect((await json(await t.api('/api/user/ssh-keys', { token: aliceRead }))).map((k: Json) => k.id)).toEqual([a.id]);
      const before = await snapshot(t);
      await expectError(await addKey(aliceRead, keys.ed25519b!.pub), 403, 'This token has the "read" scope; this call needs "admin"');
      await expectError(await del(`/api/user/ssh-keys/${a.id}`, aliceRead), 403, 'This token has the "read" scope; this call needs "admin"');
      await expectError(await t.api('/api/user/ssh-keys'), 401, 'Authentication required');
      await expectError(await del(`/api/user/ssh-keys/${b.id}`, alice), 404, `SSH key not found: ${b.id}`);
      await expectError(await del('/api/user/ssh-keys/0', alice), 400, 'Invalid id "0"');
      expect(await snapshot(t)).toEqual(before);

      const removed = await del(`/api/user/ssh-keys/${a.id}`, alice);
      expect(removed.status).toBe(200);
      expect(await json(removed)).toEqual({});
      expect(await json(await t.api('/api/user/ssh-keys', { token: alice }))).toEqual([]);
      expect(await t.hub.services.sshKeys.findByFingerprint(aliceKey.fingerprint)).toBeNull();
      await expectError(await del(`/api/user/ssh-keys/${a.id}`, alice), 404, `SSH key not found: ${a.id}`);
      expect((await json(await t.api('/api/user/ssh-keys', { token: bob }))).map((k: Json) => k.id)).toEqual([b.id]);
    });
  });

  describe('GET /api/whoami-v2', () => {
    it('describes the caller, their organisations and the token used', async () => {
      const token = await t.user('Who-Am-I', { scope: 'write' });
      const me = await t.hub.services.accounts.requireUser('who-am-i');
      const org = await t.hub.services.accounts.createOrg({ name: 'who-org', fullName: 'Who Org' }, me);
      const res = await t.api('/api/whoami-v2', { token });
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({
        type: 'user',
        id: String(me.id),
        name: 'Who-Am-I',
        fullname: '',
        email: 'who-am-i@example.test',
        isAdmin: false,
        createdAt: me.createdAt.toISOString(),
        emailVerified: true,
        isPro: false,
        orgs: [{ type: 'org', id: String(org.id), name: 'who-org', fullname: 'Who Org', description: '', createdAt: org.createdAt.toISOString(), roleInOrg: 'admin' }],
        auth: { type: 'access_token', accessToken: { displayName: 'test', role: 'write' } },
      });

      // git sends the token as a Basic password.
      const basic = await t.api('/api/whoami-v2', { headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } });
      expect((await json(basic)).name).toBe('Who-Am-I');
      // A site admin is told so.
      expect((await json(await t.api('/api/whoami-v2', { token: boss }))).isAdmin).toBe(true);
    });

    it('answers 401 to anonymous callers and to unknown tokens', async () => {
      await expectError(await t.api('/api/whoami-v2'), 401, 'Not signed in: send a token in the Authorization header');
      const bogus = await t.api('/api/whoami-v2', { token: `hf_${'A'.repeat(34)}` });
      expect(bogus.headers.get('x-error-message')).toBe(INVALID_CREDENTIALS);
      await expectError(bogus, 401, INVALID_CREDENTIALS);
      await expectError(await t.api('/api/whoami-v2', { token: 'not-a-token' }), 401, INVALID_CREDENTIALS);
    });
  });
});
