import { describe, expect, it } from 'vitest';
import { homeUrl, isHubPath, parseRoute, repoUrl, safeNext } from '../../playground/src/routes.js';

// The UI's URL scheme (Hugging Face's) both ways: what a URL shows, and the URL of a state.

describe('hub UI routes', () => {
  it('maps Hugging Face URLs to pages', () => {
    expect(parseRoute('/', '')).toEqual({ page: 'home', type: 'model', search: '', sort: 'lastModified', filter: '' });
    expect(parseRoute('/datasets', '?search=chat&sort=likes&filter=zh,text')).toEqual({ page: 'home', type: 'dataset', search: 'chat', sort: 'likes', filter: 'zh,text' });
    expect(parseRoute('/acme/llama', '')).toMatchObject({ page: 'repo', type: 'model', id: 'acme/llama', tab: 'card', revision: '', path: '' });
    expect(parseRoute('/datasets/acme/corpus/blob/dev/data/a%20b.csv', '')).toMatchObject({ page: 'repo', type: 'dataset', tab: 'files', revision: 'dev', path: 'data/a b.csv' });
    expect(parseRoute('/spaces/acme/demo/tree/main/src', '')).toMatchObject({ page: 'repo', type: 'space', tab: 'files', revision: 'main', path: 'src' });
    expect(parseRoute('/datasets/acme/corpus/tree/main/corpus/data', '')).toMatchObject({ page: 'repo', type: 'dataset', tab: 'files', revision: 'main', path: 'corpus/data' });
    expect(parseRoute('/codes/acme/tool/commits/v1.0', '')).toMatchObject({ page: 'repo', type: 'code', tab: 'history', revision: 'v1.0' });
    expect(parseRoute('/acme/llama/commit/' + 'a'.repeat(40), '')).toMatchObject({ tab: 'history', commit: 'a'.repeat(40) });
    expect(parseRoute('/acme/llama/discussions/12', '')).toMatchObject({ tab: 'discussions', discussion: 12 });
    expect(parseRoute('/acme/llama/discussions/new', '')).toEqual({ page: 'new-discussion', type: 'model', id: 'acme/llama' });
    expect(parseRoute('/datasets/acme/corpus/viewer', '')).toMatchObject({ tab: 'viewer' });
    expect(parseRoute('/datasets/acme/corpus/settings', '')).toEqual({ page: 'repo-settings', type: 'dataset', id: 'acme/corpus' });
    expect(parseRoute('/datasets/acme/corpus/upload/main/data', '')).toEqual({ page: 'repo-upload', type: 'dataset', id: 'acme/corpus', revision: 'main', path: 'data' });
    expect(parseRoute('/acme', '')).toEqual({ page: 'namespace', name: 'acme' });
    expect(parseRoute('/settings/keys', '')).toEqual({ page: 'settings', section: 'ssh-keys' });
    expect(parseRoute('/admin/users', '')).toEqual({ page: 'admin-users' });
    expect(parseRoute('/admin', '')).toEqual({ page: 'not-found' });
    expect(parseRoute('/admin/other', '')).toEqual({ page: 'not-found' });
    expect(parseRoute('/login', '?next=%2Fnew')).toEqual({ page: 'login', next: '/new' });
  });

  it('answers not-found for what is no page', () => {
    for (const p of ['/acme/llama/discussions/0', '/acme/llama/discussions/x', '/acme/llama/viewer', '/api/x', '/settings/nope', '/acme/llama/nope', '/-bad/name', '/acme/llama/settings/x']) {
      expect(parseRoute(p, ''), p).toEqual({ page: 'not-found' });
    }
  });

  it('builds URLs that parse back to the same state', () => {
    const states = [
      { tab: 'files' as const, revision: 'main', path: 'data/a b.csv' },
      { tab: 'history' as const, revision: 'v1.0' },
      { tab: 'history' as const, commit: 'b'.repeat(40) },
      { tab: 'discussions' as const, discussion: 3 },
      { tab: 'card' as const },
    ];
    for (const state of states) {
      const url = repoUrl('dataset', 'acme/corpus', state);
      expect(parseRoute(url, ''), url).toMatchObject({ page: 'repo', type: 'dataset', id: 'acme/corpus', ...state });
    }
    expect(homeUrl({ type: 'model' })).toBe('/');
    expect(homeUrl({ type: 'dataset', search: 'x', sort: 'likes', filter: ['zh'] })).toBe('/datasets?search=x&sort=likes&filter=zh');
    expect(homeUrl({ type: 'code' })).toBe('/codes');
  });

  it('follows only local paths after sign-in, and leaves hub paths to the browser', () => {
    expect(safeNext('/datasets/a/b')).toBe('/datasets/a/b');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', null]) expect(safeNext(bad)).toBe('/');
    expect(isHubPath('/acme/llama/resolve/main/x.bin')).toBe(true);
    expect(isHubPath('/api/models')).toBe(true);
    expect(isHubPath('/playground/intranet')).toBe(true);
    expect(isHubPath('/acme/llama/blob/main/x.bin')).toBe(false);
  });
});
