import { HubClient, type Commit, type CommitDetails, type RepoInfo, type RepoType, type TreeEntry } from '@csghub/client';
import { errorResponse, fakeFetch, jsonResponse, type FakeFetch } from './fake-fetch.js';

export const ENDPOINT = 'http://hub.test';

export interface FakeFile {
  content?: string | Uint8Array;
  /** Size when content is not given (e.g. a huge LFS file whose bytes are never read). */
  size?: number;
  lfs?: boolean;
  lastCommit?: { id: string; title: string; date: string };
}

export interface FakeRepo {
  id: string;
  type?: RepoType;
  info?: Partial<RepoInfo>;
  files?: Record<string, FakeFile | string>;
  branches?: string[];
  tags?: string[];
  commits?: Commit[];
  commitDetails?: Record<string, Partial<CommitDetails>>;
  /** Tree page size (the real hub: 1000, 50 with expand). */
  pageSize?: number;
}

const PLURAL: Record<RepoType, string> = { model: 'models', dataset: 'datasets', space: 'spaces', code: 'codes' };
const PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/', code: 'codes/' };
const enc = new TextEncoder();
const bytesOf = (f: FakeFile): Uint8Array => (typeof f.content === 'string' ? enc.encode(f.content) : (f.content ?? new Uint8Array(f.size ?? 0)));
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0').slice(-len);

/**
 * A fake hub for element tests: repositories as file maps, answering info, tree (paged with Link),
 * paths-info, refs, commits, commit details and resolve (with Range) the way the real hub does.
 * Add routes with `net.on(...)` for anything else.
 */
export function fakeHub(repos: FakeRepo[] = []): { client: HubClient; net: FakeFetch } {
  const net = fakeFetch();
  for (const repo of repos) addRepo(net, repo);
  return { client: new HubClient({ endpoint: ENDPOINT, token: 'hf_test', fetch: net.fetch }), net };
}

export function addRepo(net: FakeFetch, repo: FakeRepo): void {
  const type = repo.type ?? 'model';
  const [ns, name] = repo.id.split('/') as [string, string];
  const files = new Map(Object.entries(repo.files ?? {}).map(([p, f]) => [p, typeof f === 'string' ? { content: f } : f] as const));
  const api = `/api/${PLURAL[type]}/${ns}/${name}`;
  const web = `/${PREFIX[type]}${ns}/${name}`;
  const branches = repo.branches ?? ['main'];
  const sha = 'a'.repeat(40);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const known = (rev: string) => branches.includes(rev) || (repo.tags ?? []).includes(rev) || /^[0-9a-f]{40}$/.test(rev);
  let oidCounter = 0;
  const oids = new Map<string, string>();
  const oidOf = (p: string) => oids.get(p) ?? (oids.set(p, hex(++oidCounter, 40)), oids.get(p)!);

  // Like the hub: lastCommit only when asked for (expand).
  const entry = (path: string, f: FakeFile, expand = false): TreeEntry => {
    const size = f.content !== undefined ? bytesOf(f).length : (f.size ?? 0);
    return {
      type: 'file', oid: oidOf(path), size, path,
      ...(f.lfs ? { lfs: { oid: hex(path.length, 64), size, pointerSize: 130 } } : {}),
      ...(expand && f.lastCommit ? { lastCommit: f.lastCommit } : {}),
    };
  };
  const children = (dir: string, expand: boolean): TreeEntry[] => {
    const prefix = dir ? `${dir}/` : '';
    const dirs = new Set<string>();
    const out: TreeEntry[] = [];
    for (const [p, f] of files) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) out.push(entry(p, f, expand));
      else dirs.add(prefix + rest.slice(0, slash));
    }
    // git's order: by name (the hub lists trees as git stores them).
    const all = [...[...dirs].map((d): TreeEntry => ({ type: 'directory', oid: oidOf(d), size: 0, path: d })), ...out];
    return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };

  net.on('GET', new RegExp(`^${esc(api)}$`), () => jsonResponse({
    _id: '1', id: repo.id, author: ns, sha, private: false, visibility: 'public', downloads: 0, likes: 0, tags: [], defaultBranch: 'main',
    lastModified: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z', ...repo.info,
  }));
  net.on('GET', new RegExp(`^${esc(api)}/refs$`), () => jsonResponse({
    branches: branches.map((b) => ({ name: b, ref: `refs/heads/${b}`, targetCommit: sha })),
    tags: (repo.tags ?? []).map((t) => ({ name: t, ref: `refs/tags/${t}`, targetCommit: sha })),
    converts: [],
  }));
  net.on('GET', new RegExp(`^${esc(api)}/tree/([^/]+)/?(.*)$`), (call, m) => {
    const rev = decodeURIComponent(m[1]!);
    if (!known(rev)) return errorResponse(404, `Invalid rev id: ${rev}`, 'RevisionNotFound');
    const dir = decodeURIComponent(m[2] ?? '');
    if (dir && !files.has(dir) && ![...files.keys()].some((p) => p.startsWith(`${dir}/`))) return errorResponse(404, `Entry not found: ${dir}`, 'EntryNotFound');
    const expand = call.url.searchParams.get('expand') === 'true';
    let all = children(dir, expand);
    if (call.url.searchParams.get('recursive') === 'true') all = [...files.entries()].filter(([p]) => !dir || p.startsWith(`${dir}/`)).map(([p, f]) => entry(p, f, expand));
    const size = repo.pageSize ?? (call.url.searchParams.get('expand') === 'true' ? 50 : 1000);
    const offset = Number(call.url.searchParams.get('cursor') ?? 0);
    const page = all.slice(offset, offset + size);
    const headers: Record<string, string> = {};
    if (offset + size < all.length) {
      const next = new URL(call.url);
      next.searchParams.set('cursor', String(offset + size));
      headers.link = `<${next}>; rel="next"`;
    }
    return jsonResponse(page, { headers });
  });
  net.on('POST', new RegExp(`^${esc(api)}/paths-info/([^/]+)$`), (call) => {
    const { paths, expand } = JSON.parse(String(call.body)) as { paths: string[]; expand?: boolean };
    const dirs = new Set(children('', false).filter((e) => e.type === 'directory').map((e) => e.path));
    return jsonResponse(paths.flatMap((p) => (files.has(p) ? [entry(p, files.get(p)!, expand)] : dirs.has(p) ? [{ type: 'directory', oid: oidOf(p), size: 0, path: p }] : [])));
  });
  net.on('GET', new RegExp(`^${esc(api)}/commits/([^/]+)$`), (call, m) => {
    const rev = decodeURIComponent(m[1]!);
    if (!known(rev)) return errorResponse(404, `Invalid rev id: ${rev}`, 'RevisionNotFound');
    const commits = repo.commits ?? [];
    const limit = Number(call.url.searchParams.get('limit') ?? 50);
    const offset = Number(call.url.searchParams.get('cursor') ?? 0);
    const headers: Record<string, string> = { 'x-total-count': String(commits.length) };
    if (offset + limit < commits.length) {
      const next = new URL(call.url);
      next.searchParams.set('cursor', String(offset + limit));
      headers.link = `<${next}>; rel="next"`;
    }
    return jsonResponse(commits.slice(offset, offset + limit), { headers });
  });
  net.on('GET', new RegExp(`^${esc(api)}/commit/([^/]+)$`), (_call, m) => {
    const id = decodeURIComponent(m[1]!);
    const commit = (repo.commits ?? []).find((c) => c.id === id);
    if (!commit) return errorResponse(404, `Invalid rev id: ${id}`, 'RevisionNotFound');
    return jsonResponse({ parents: [], files: [], patch: '', truncated: false, ...commit, ...repo.commitDetails?.[id] });
  });
  for (const kind of ['resolve', 'raw']) {
    net.on('GET', new RegExp(`^${esc(web)}/${kind}/([^/]+)/(.+)$`), (call, m) => {
      const path = decodeURIComponent(m[2]!);
      const f = files.get(path);
      if (!f) return errorResponse(404, `Entry not found: ${path}`, 'EntryNotFound');
      const bytes = bytesOf(f);
      const headers: Record<string, string> = { 'x-repo-commit': sha, etag: `"${oidOf(path)}"`, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
      const range = /^bytes=(\d+)-(\d*)$/.exec(call.headers.get('range') ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
        if (start >= bytes.length) return errorResponse(416, 'Range not satisfiable');
        return new Response(call.method === 'HEAD' ? null : bytes.slice(start, end + 1), { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}` } });
      }
      return new Response(call.method === 'HEAD' ? null : bytes, { status: 200, headers: { ...headers, 'content-length': String(bytes.length) } });
    });
  }
}
