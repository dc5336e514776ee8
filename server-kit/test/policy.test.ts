import { describe, expect, it } from 'vitest';
import { decideNamespace, decideRepo, type Decision, type NamespaceRole, type RepoAction } from '../src/access/policy.js';
import type { TokenScope, Visibility } from '../src/db/models.js';

// The whole matrix, written out by hand: subject x visibility x action.
// A = allow, F = forbidden (may see, may not act: 403, or 401 when anonymous), H = hidden (404).
const EXPECTED: Record<string, Record<Visibility, string>> = {
  //                 read/write/admin per visibility
  anonymous: { public: 'AFF', internal: 'HHH', private: 'HHH' },
  outsider: { public: 'AFF', internal: 'AFF', private: 'HHH' },
  'org-read': { public: 'AFF', internal: 'AFF', private: 'AFF' },
  'org-write': { public: 'AAF', internal: 'AAF', private: 'AAF' },
  'org-admin': { public: 'AAA', internal: 'AAA', private: 'AAA' },
  owner: { public: 'AAA', internal: 'AAA', private: 'AAA' },
  'site-admin': { public: 'AAA', internal: 'AAA', private: 'AAA' },
};

const SUBJECTS: Record<string, { signedIn: boolean; siteAdmin: boolean; role: NamespaceRole }> = {
  anonymous: { signedIn: false, siteAdmin: false, role: null },
  outsider: { signedIn: true, siteAdmin: false, role: null },
  'org-read': { signedIn: true, siteAdmin: false, role: 'read' },
  'org-write': { signedIn: true, siteAdmin: false, role: 'write' },
  'org-admin': { signedIn: true, siteAdmin: false, role: 'admin' },
  owner: { signedIn: true, siteAdmin: false, role: 'owner' },
  'site-admin': { signedIn: true, siteAdmin: true, role: null },
};

const ACTIONS: RepoAction[] = ['read', 'write', 'admin'];
const LETTER: Record<Decision, string> = { allow: 'A', forbidden: 'F', hidden: 'H' };

describe('repository access policy', () => {
  for (const [who, facts] of Object.entries(SUBJECTS)) {
    for (const visibility of ['public', 'internal', 'private'] as Visibility[]) {
      it(`${who} on a ${visibility} repository (full-scope credential)`, () => {
        const scope: TokenScope = facts.signedIn ? 'admin' : 'read';
        const got = ACTIONS.map((action) => LETTER[decideRepo({ ...facts, scope }, action, visibility)]).join('');
        expect(got).toBe(EXPECTED[who]![visibility]);
      });
    }
  }

  // A token never acts above its scope (a write token may also manage repositories, as on
  // Hugging Face); visibility rules are unchanged by scope.
  const SCOPED: Record<TokenScope, Record<Visibility, string>> = {
    read: { public: 'AFF', internal: 'AFF', private: 'AFF' },
    write: { public: 'AAA', internal: 'AAA', private: 'AAA' },
    admin: { public: 'AAA', internal: 'AAA', private: 'AAA' },
  };
  for (const who of ['owner', 'org-admin', 'site-admin']) {
    for (const scope of ['read', 'write', 'admin'] as TokenScope[]) {
      it(`${who} with a ${scope} token`, () => {
        for (const visibility of ['public', 'internal', 'private'] as Visibility[]) {
          const got = ACTIONS.map((action) => LETTER[decideRepo({ ...SUBJECTS[who]!, scope }, action, visibility)]).join('');
          expect(got, visibility).toBe(SCOPED[scope][visibility]);
        }
      });
    }
  }

  it('keeps a private repository hidden from an outsider whatever the token scope', () => {
    for (const scope of ['read', 'write', 'admin'] as TokenScope[]) {
      expect(decideRepo({ ...SUBJECTS.outsider!, scope }, 'read', 'private')).toBe('hidden');
    }
  });
});

describe('namespace policy', () => {
  const cases: Array<[string, NamespaceRole, boolean, TokenScope, boolean, boolean]> = [
    // who, role, siteAdmin, scope, may create repos, may manage
    ['anonymous', null, false, 'read', false, false],
    ['outsider', null, false, 'admin', false, false],
    ['org reader', 'read', false, 'admin', false, false],
    ['org writer', 'write', false, 'admin', true, false],
    ['org admin', 'admin', false, 'admin', true, true],
    ['org admin with a write token', 'admin', false, 'write', true, false],
    ['org admin with a read token', 'admin', false, 'read', false, false],
    ['owner', 'owner', false, 'write', true, false],
    ['site admin', null, true, 'admin', true, true],
  ];
  for (const [who, role, siteAdmin, scope, create, manage] of cases) {
    it(who, () => {
      const subject = { signedIn: who !== 'anonymous', siteAdmin, scope, role };
      expect(decideNamespace(subject, 'create-repo')).toBe(create);
      expect(decideNamespace(subject, 'manage')).toBe(manage);
    });
  }
});
