/**
 * The UI's URLs, Hugging Face's scheme: a pure mapping between a location and a page, so the
 * router, the links the elements emit and back/forward/reload all agree.
 */
export type RepoType = 'model' | 'dataset' | 'space' | 'code';
export type RepoTab = 'card' | 'files' | 'history' | 'discussions' | 'viewer';

export type Route =
  | { page: 'home'; type: RepoType; search: string; sort: string; filter: string }
  | { page: 'login'; next: string }
  | { page: 'new-repo'; type: RepoType; owner: string }
  | { page: 'new-org' }
  | { page: 'admin-users' }
  | { page: 'settings'; section: 'profile' | 'password' | 'tokens' | 'ssh-keys' }
  | { page: 'namespace'; name: string }
  | { page: 'repo'; type: RepoType; id: string; tab: RepoTab; revision: string; path: string; commit: string; discussion: number | null }
  | { page: 'repo-settings'; type: RepoType; id: string }
  | { page: 'new-discussion'; type: RepoType; id: string }
  | { page: 'repo-upload'; type: RepoType; id: string; revision: string; path: string }
  | { page: 'not-found' };

const PREFIX_TYPE: Record<string, RepoType> = { datasets: 'dataset', spaces: 'space', codes: 'code', models: 'model' };
const TYPE_PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/', code: 'codes/' };
const SETTINGS: Record<string, Extract<Route, { page: 'settings' }>['section']> = { profile: 'profile', password: 'password', tokens: 'tokens', keys: 'ssh-keys' };
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// First segments that are pages of the UI or paths of the hub, never a user or organisation.
const RESERVED = new Set(['api', 'viewer', 'login', 'logout', 'new', 'settings', 'organizations', 'static', 'playground', 'lfs', 'elements.js', 'admin']);

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function parseRoute(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  const parts = pathname.split('/').filter(Boolean).map(decode);
  const home = (type: RepoType): Route => ({ page: 'home', type, search: q.get('search') ?? '', sort: q.get('sort') ?? 'lastModified', filter: q.get('filter') ?? '' });
  if (parts.length === 0) return home((PREFIX_TYPE[q.get('type') ?? ''] ?? 'model'));
  const [first] = parts as [string, ...string[]];
  if (parts.length === 1 && PREFIX_TYPE[first]) return home(PREFIX_TYPE[first]!);
  if (first === 'login' && parts.length === 1) return { page: 'login', next: safeNext(q.get('next')) };
  if (first === 'new' && parts.length === 1) return { page: 'new-repo', type: PREFIX_TYPE[q.get('type') ?? ''] ?? 'model', owner: q.get('owner') ?? '' };
  if (first === 'organizations' && parts[1] === 'new' && parts.length === 2) return { page: 'new-org' };
  // The hub reserves "admin" as a name, so this never hides a user's or organisation's page.
  if (first === 'admin') return parts[1] === 'users' && parts.length === 2 ? { page: 'admin-users' } : { page: 'not-found' };
  if (first === 'settings') {
    const section = SETTINGS[parts[1] ?? 'profile'];
    return section && parts.length <= 2 ? { page: 'settings', section } : { page: 'not-found' };
  }
  let type: RepoType = 'model';
  let rest = parts;
  if (PREFIX_TYPE[first] && first !== 'models') {
    type = PREFIX_TYPE[first]!;
    rest = parts.slice(1);
  } else if (RESERVED.has(first)) {
    return { page: 'not-found' };
  }
  if (rest.length === 1 && type === 'model') return NAME.test(rest[0]!) ? { page: 'namespace', name: rest[0]! } : { page: 'not-found' };
  const [ns, name, kind, ...tail] = rest;
  if (!ns || !name || !NAME.test(ns) || !NAME.test(name)) return { page: 'not-found' };
  const id = `${ns}/${name}`;
  const repo = (tab: RepoTab, extra: Partial<Extract<Route, { page: 'repo' }>> = {}): Route => ({ page: 'repo', type, id, tab, revision: '', path: '', commit: '', discussion: null, ...extra });
  switch (kind) {
    case undefined:
      return repo('card');
    case 'tree':
      // A directory: the files tab at that revision, the tree expanded at that directory.
      return repo('files', { revision: tail[0] ?? '', path: tail.slice(1).join('/') });
    case 'blob':
      return tail.length >= 2 ? repo('files', { revision: tail[0]!, path: tail.slice(1).join('/') }) : repo('files', { revision: tail[0] ?? '' });
    case 'commits':
      return repo('history', { revision: tail[0] ?? '' });
    case 'commit':
      return tail[0] ? repo('history', { commit: tail[0] }) : { page: 'not-found' };
    case 'discussions': {
      if (!tail.length) return repo('discussions');
      if (tail[0] === 'new' && tail.length === 1) return { page: 'new-discussion', type, id };
      const n = Number(tail[0]);
      return Number.isSafeInteger(n) && n > 0 && tail.length === 1 ? repo('discussions', { discussion: n }) : { page: 'not-found' };
    }
    case 'viewer':
      return type === 'dataset' ? repo('viewer') : { page: 'not-found' };
    case 'settings':
      return tail.length ? { page: 'not-found' } : { page: 'repo-settings', type, id };
    case 'upload':
      return { page: 'repo-upload', type, id, revision: tail[0] ?? 'main', path: tail.slice(1).join('/') };
    default:
      return { page: 'not-found' };
  }
}

const enc = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** The URL of a repository page. */
export function repoUrl(type: RepoType, id: string, state: { tab?: RepoTab; revision?: string; path?: string; commit?: string; discussion?: number | null } = {}): string {
  const base = `/${TYPE_PREFIX[type]}${id}`;
  const rev = encodeURIComponent(state.revision || 'main');
  switch (state.tab) {
    case 'files':
      return state.path ? `${base}/blob/${rev}/${enc(state.path)}` : `${base}/tree/${rev}`;
    case 'history':
      return state.commit ? `${base}/commit/${encodeURIComponent(state.commit)}` : `${base}/commits/${rev}`;
    case 'discussions':
      return state.discussion ? `${base}/discussions/${state.discussion}` : `${base}/discussions`;
    case 'viewer':
      return `${base}/viewer`;
    default:
      return base;
  }
}

export function homeUrl(q: { type: RepoType; search?: string; sort?: string; filter?: string[] | string }): string {
  const params = new URLSearchParams();
  if (q.search) params.set('search', q.search);
  if (q.sort && q.sort !== 'lastModified') params.set('sort', q.sort);
  const filter = Array.isArray(q.filter) ? q.filter.join(',') : q.filter;
  if (filter) params.set('filter', filter);
  const query = params.toString();
  return `${q.type === 'model' && !query ? '/' : `/${q.type === 'model' ? 'models' : `${q.type}s`}`}${query ? `?${query}` : ''}`;
}

/** Only a path on this site may follow a sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Paths the hub answers itself (downloads, API): links to them are followed by the browser. */
export function isHubPath(pathname: string): boolean {
  return /^\/(?:api|viewer|lfs|static|playground)(?:\/|$)|^\/elements\.js$|\/(?:resolve|raw)\//.test(pathname);
}
