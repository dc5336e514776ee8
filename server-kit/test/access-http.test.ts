import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { startHub, type TestHub } from './helpers/hub.js';

type Who = 'anonymous' | 'outsider' | 'org-read' | 'org-write' | 'org-admin' | 'site-admin';
const VISIBILITIES = ['public', 'internal', 'private'] as const;

// What each caller gets from the repository routes, per visibility, through the real HTTP API:
// GET info (read), PUT settings (repository admin). Written out by hand, like policy.test.ts.
const EXPECTED_STATUS: Record<Who, Record<(typeof VISIBILITIES)[number], [number, number]>> = {
  anonymous: { public: [200, 401], internal: [404, 404], private: [404, 404] },
  outsider: { public: [200, 403], internal: [200, 403], private: [404, 404] },
  'org-read': { public: [200, 403], internal: [200, 403], private: [200, 403] },
  'org-write': { public: [200, 403], internal: [200, 403], private: [200, 403] },
  'org-admin': { public: [200, 200], internal: [200, 200], private: [200, 200] },
  'site-admin': { public: [200, 200], internal: [200, 200], private: [200, 200] },
};

describe.each(backends)('one access policy over HTTP ($name)', (backend) => {
  let t: TestHub;
  const tokens: Partial<Record<Who, string>> = {};

  beforeAll(async () => {
    t = await startHub(backend);
    const { accounts } = t.hub.services;
    const ownerToken = await t.user('owner');
    tokens['org-read'] = await t.user('reader');
    tokens['org-write'] = await t.user('writer');
    tokens['org-admin'] = await t.user('orgadmin');
    tokens.outsider = await t.user('outsider');
    tokens['site-admin'] = await t.user('root-user', { admin: true });
    const org = await accounts.createOrg({ name: 'team' }, await accounts.requireUser('owner'));
    await accounts.setMember(org, await accounts.requireUser('reader'), 'read');
    await accounts.setMember(org, await accounts.requireUser('writer'), 'write');
    await accounts.setMember(org, await accounts.requireUser('orgadmin'), 'admin');
    for (const visibility of VISIBILITIES) {
      for (const type of ['model', 'dataset']) {
        const res = await t.api('/api/repos/create', { method: 'POST', token: ownerToken, json: { name: `r-${visibility}`, organization: 'team', type, visibility } });
        expect(res.status).toBe(200);
      }
    }
  });
  afterAll(() => t.close());

  for (const who of Object.keys(EXPECTED_STATUS) as Who[]) {
    for (const visibility of VISIBILITIES) {
      it(`${who} / ${visibility}: info and settings`, async () => {
        const token = tokens[who];
        const [readStatus, adminStatus] = EXPECTED_STATUS[who][visibility];
        for (const plural of ['models', 'datasets']) {
          const info = await t.api(`/api/${plural}/team/r-${visibility}`, { token });
          expect(info.status, `${plural} info`).toBe(readStatus);
          if (readStatus === 404) expect(info.headers.get('x-error-code')).toBe('RepoNotFound');
          const settings = await t.api(`/api/${plural}/team/r-${visibility}/settings`, { method: 'PUT', token, json: { description: `set by ${who}` } });
          expect(settings.status, `${plural} settings`).toBe(adminStatus);
          if (adminStatus === 404) expect(settings.headers.get('x-error-code')).toBe('RepoNotFound');
        }
      });
    }

    it(`${who}: listings show exactly the repositories info shows`, async () => {
      const token = tokens[who];
      for (const plural of ['models', 'datasets']) {
        const listed = ((await (await t.api(`/api/${plural}?author=team`, { token })).json()) as Array<{ id: string }>).map((r) => r.id).sort();
        const readable = VISIBILITIES.filter((v) => EXPECTED_STATUS[who][v][0] === 200).map((v) => `team/r-${v}`).sort();
        expect(listed).toEqual(readable);
        const searched = ((await (await t.api(`/api/${plural}?search=r-`, { token })).json()) as Array<{ id: string }>).map((r) => r.id).sort();
        expect(searched).toEqual(readable);
      }
    });
  }

  it('a read token of an organisation admin can read but not manage', async () => {
    const readToken = await t.token('orgadmin', 'read');
    expect((await t.api('/api/models/team/r-private', { token: readToken })).status).toBe(200);
    const res = await t.api('/api/models/team/r-private/settings', { method: 'PUT', token: readToken, json: { description: 'x' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe(
      'This token has the "read" scope, which does not allow admin access; use a token with a wider scope',
    );
  });

  it('a member removed from the organisation loses access at once', async () => {
    const { accounts } = t.hub.services;
    const token = await t.user('temp');
    const org = await accounts.requireOrg('team');
    await accounts.setMember(org, await accounts.requireUser('temp'), 'read');
    expect((await t.api('/api/models/team/r-private', { token })).status).toBe(200);
    await accounts.removeMember(org, await accounts.requireUser('temp'));
    expect((await t.api('/api/models/team/r-private', { token })).status).toBe(404);
  });
});
