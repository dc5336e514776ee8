import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../server-kit/test/helpers/backends.js';
import { startHub, type TestHub } from '../../../server-kit/test/helpers/hub.js';
import { BadRequestError, HubClient, NotFoundError, UnauthorizedError, type FetchLike } from '../src/index.js';

// The account, organisation and settings calls the hub UI's elements make, against a real hub:
// a browser session (cookie + CSRF token), tokens, SSH keys, members, repository settings, move.

/** A fetch that keeps the hub's session cookie, as a browser does, and sends `csrf` on writes. */
function browserFetch(): { fetch: FetchLike; csrf: { token: string | null } } {
  let cookie = '';
  const csrf = { token: null as string | null };
  const fetch: FetchLike = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    if (csrf.token && !['GET', 'HEAD'].includes((init.method ?? 'GET').toUpperCase())) headers.set('x-csrf-token', csrf.token);
    const res = await globalThis.fetch(input, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
  return { fetch, csrf };
}

for (const backend of backends) {
  describe(`HubClient account calls against a real hub (${backend.name})`, () => {
    let t: TestHub;
    let alice: HubClient;

    beforeAll(async () => {
      t = await startHub(backend);
      alice = new HubClient({ endpoint: t.url, token: await t.user('alice', { scope: 'admin' }) });
      await t.user('bob');
    });
    afterAll(() => t?.close());

    it('signs in with a session cookie, needs the CSRF token for writes, signs out', async () => {
      const { fetch, csrf } = browserFetch();
      const browser = new HubClient({ endpoint: t.url, fetch });
      await expect(browser.signIn('alice', 'wrong')).rejects.toMatchObject({ name: 'UnauthorizedError', message: 'Invalid username or password' });
      const session = await browser.signIn('alice', 'password123');
      expect(session.user).toMatchObject({ name: 'alice', email: 'alice@example.test' });
      expect(session.csrfToken).toMatch(/\S{16,}/);
      expect((await browser.session()).user.name).toBe('alice');
      await expect(browser.createToken({ name: 'no-csrf' })).rejects.toMatchObject({ name: 'ForbiddenError', message: 'Missing or invalid X-CSRF-Token header for a cookie-authenticated request' });
      expect(await alice.listTokens()).toHaveLength(1);
      csrf.token = session.csrfToken;
      const created = await browser.createToken({ name: 'laptop', scope: 'read' });
      expect(created).toMatchObject({ displayName: 'laptop', scope: 'read' });
      expect(created.token).toMatch(/^hf_/);
      await browser.signOut();
      await expect(browser.session()).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('manages tokens and SSH keys', async () => {
      const made = await alice.createToken({ name: 'ci', scope: 'write', expiresAt: '2099-01-01T00:00:00Z' });
      const tokens = await alice.listTokens();
      expect(tokens.find((x) => x.id === made.id)).toMatchObject({ displayName: 'ci', scope: 'write', expiresAt: '2099-01-01T00:00:00.000Z' });
      expect(JSON.stringify(tokens)).not.toContain(made.token);
      await alice.revokeToken(made.id);
      expect((await alice.listTokens()).some((x) => x.id === made.id)).toBe(false);
      await expect(alice.addSshKey({ key: 'not a key' })).rejects.toBeInstanceOf(BadRequestError);
      expect(await alice.listSshKeys()).toEqual([]);
      await alice.updateProfile({ fullname: 'Alice A.' });
      expect(await alice.user('alice')).toMatchObject({ name: 'alice', fullname: 'Alice A.' });
    });

    it('creates an organisation and changes its members and roles', async () => {
      expect(await alice.createOrg({ name: 'acme', fullname: 'ACME' })).toMatchObject({ type: 'org', name: 'acme', fullname: 'ACME' });
      await alice.setOrgMember('acme', 'bob', 'read');
      expect((await alice.orgMembers('acme')).map((m) => [m.name, m.role])).toEqual([['alice', 'admin'], ['bob', 'read']]);
      await alice.setOrgMember('acme', 'bob', 'write');
      expect((await alice.orgMembers('acme')).find((m) => m.name === 'bob')?.role).toBe('write');
      await expect(alice.setOrgMember('acme', 'nobody', 'read')).rejects.toBeInstanceOf(NotFoundError);
      await alice.removeOrgMember('acme', 'bob');
      expect((await alice.orgMembers('acme')).map((m) => m.name)).toEqual(['alice']);
      expect(await alice.org('acme')).toMatchObject({ name: 'acme', numMembers: 1 });
    });

    it('reads and changes repository settings, moves and deletes a repository', async () => {
      await alice.createRepo({ type: 'dataset', name: 'acme/corpus' });
      expect(await alice.repoSettings({ type: 'dataset', name: 'acme/corpus' })).toEqual({ private: false, visibility: 'public', gated: false, description: '', protectedBranches: ['main'] });
      expect(await alice.updateRepoSettings({ type: 'dataset', name: 'acme/corpus' }, { visibility: 'private', protectedBranches: ['main', 'release'] })).toMatchObject({ private: true, visibility: 'private', protectedBranches: ['main', 'release'] });
      const bob = new HubClient({ endpoint: t.url, token: await t.token('bob', 'admin') });
      await expect(bob.repoInfo({ type: 'dataset', name: 'acme/corpus' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(bob.updateRepoSettings({ type: 'dataset', name: 'acme/corpus' }, {})).rejects.toBeInstanceOf(NotFoundError);
      await expect(bob.repoSettings({ type: 'dataset', name: 'acme/corpus' })).rejects.toBeInstanceOf(NotFoundError);
      expect(await alice.repoSettings({ type: 'dataset', name: 'acme/corpus' })).toMatchObject({ visibility: 'private', protectedBranches: ['main', 'release'] });
      expect(await alice.moveRepo({ type: 'dataset', name: 'acme/corpus' }, 'acme/corpus-v2')).toMatchObject({ name: 'acme/corpus-v2' });
      await expect(alice.repoInfo({ type: 'dataset', name: 'acme/corpus' })).rejects.toBeInstanceOf(NotFoundError);
      await alice.deleteRepo({ type: 'dataset', name: 'acme/corpus-v2' });
      await expect(alice.repoInfo({ type: 'dataset', name: 'acme/corpus-v2' })).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
