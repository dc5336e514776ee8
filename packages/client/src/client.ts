import { fetchPage, paginate, type Page } from './pagination.js';
import { apiBase, encodePath, encodeRevision, pluralOf, repoId, webBase, type RepoId } from './paths.js';
import { Transport, type FetchLike, type RequestOptions } from './transport.js';
import { Uploader, type CommitOperation, type LfsBatchResponse, type PreuploadFile, type UploadFile, type UploadOptions, type UploadResult, toBlob } from './upload.js';
import { HubError } from './errors.js';
import { base64 } from './hash.js';
import type {
  Commit, CommitDetails, CommitResult, Discussion, DiscussionDetails, DiscussionPage, DiscussionStatus, FileMetadata, Refs, RepoInfo, RepoRef,
  RepoType, TreeEntry, ViewerFirstRows, AccessToken, OrgInfo, OrgMember, OrgRole, RepoSettings, Session, SshKey, TokenScope, UserInfo, ViewerIsValid, ViewerRows, ViewerSplits, ViewerSqlResult, ViewerStatistics, Visibility, WhoAmI,
} from './types.js';

export interface HubClientOptions {
  /** The hub's base URL, e.g. `https://hub.example.com` (a path prefix is kept). */
  endpoint: string;
  /** Access token (`hf_...`), sent as a Bearer header to the hub's origin only. */
  token?: string;
  /** Replaces the global fetch, e.g. to carry a host page's SSO session. */
  fetch?: FetchLike;
}

export interface RevisionOptions extends RequestOptions {
  revision?: string;
}

export interface TreeOptions extends RevisionOptions {
  /** Directory inside the repository ('' is the root). */
  path?: string;
  recursive?: boolean;
  /** Add `lastCommit` to each entry (the hub then pages by 50). */
  expand?: boolean;
  limit?: number;
}

export interface CommitsOptions extends RevisionOptions {
  /** Only commits touching this path. */
  path?: string;
  limit?: number;
}

export interface ListReposOptions extends RequestOptions {
  search?: string;
  author?: string;
  filter?: string[];
  sort?: 'lastModified' | 'createdAt' | 'downloads' | 'likes' | 'trendingScore' | 'id';
  direction?: 1 | -1;
  limit?: number;
  full?: boolean;
}

export interface ViewerParams {
  /** `namespace/name` of the dataset. */
  dataset: string;
  config?: string;
  split?: string;
  offset?: number;
  length?: number;
  query?: string;
  where?: string;
  orderby?: string;
}

/** `format: 'arrow'` asks for an Arrow IPC stream (`application/vnd.apache.arrow.stream`) and returns its bytes. */
export interface ViewerOptions extends RequestOptions {
  format?: 'json' | 'arrow';
}
export type ArrowOptions = RequestOptions & { format: 'arrow' };

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

type RowsEndpoint = 'rows' | 'search' | 'filter';

/**
 * Typed client of a CSGHub Kit hub: Hugging Face's API paths plus the hub's extensions.
 * Every method takes an AbortSignal; errors are HubError subclasses chosen by status.
 */
export class HubClient {
  readonly transport: Transport;
  private readonly uploader: Uploader;

  constructor(options: HubClientOptions) {
    if (!options?.endpoint) throw new TypeError('HubClient needs an endpoint');
    this.transport = new Transport(options.endpoint, options.token, options.fetch);
    this.uploader = new Uploader(this.transport);
  }

  get endpoint(): string {
    return this.transport.endpoint;
  }

  get token(): string | undefined {
    return this.transport.token;
  }

  // Accounts

  whoami(options: RequestOptions = {}): Promise<WhoAmI> {
    return this.transport.json('/api/whoami-v2', options);
  }

  /** Browser sign-in: the hub sets an HttpOnly session cookie and returns the CSRF token writes must send. */
  signIn(username: string, password: string, options: RequestOptions = {}): Promise<Session> {
    return this.transport.json('/api/auth/login', { method: 'POST', json: { username, password }, signal: options.signal });
  }

  async signOut(options: RequestOptions = {}): Promise<void> {
    await this.transport.send('/api/auth/logout', { method: 'POST', signal: options.signal });
  }

  /** The session of the cookie the browser holds (401 when signed out). */
  session(options: RequestOptions = {}): Promise<Session> {
    return this.transport.json('/api/auth/session', options);
  }

  user(name: string, options: RequestOptions = {}): Promise<UserInfo> {
    return this.transport.json(`/api/users/${encodeURIComponent(name)}`, options);
  }

  /** Creates a user (site admins only; the hub refuses others with 403). `password` is the initial one. */
  createUser(input: { name: string; email: string; fullname?: string; password?: string; isAdmin?: boolean }, options: RequestOptions = {}): Promise<UserInfo> {
    return this.transport.json('/api/users', { method: 'POST', json: input, signal: options.signal });
  }

  updateProfile(changes: { fullname?: string; email?: string }, options: RequestOptions = {}): Promise<UserInfo> {
    return this.transport.json('/api/user', { method: 'PUT', json: changes, signal: options.signal });
  }

  async changePassword(input: { currentPassword?: string; newPassword: string }, options: RequestOptions = {}): Promise<void> {
    await this.transport.send('/api/user/password', { method: 'PUT', json: input, signal: options.signal });
  }

  listTokens(options: RequestOptions = {}): Promise<AccessToken[]> {
    return this.transport.json('/api/user/tokens', options);
  }

  /** Creates an access token; its secret (`token`) is returned this once only. */
  createToken(input: { name: string; scope?: TokenScope; expiresAt?: string | null }, options: RequestOptions = {}): Promise<AccessToken & { token: string }> {
    return this.transport.json('/api/user/tokens', { method: 'POST', json: input, signal: options.signal });
  }

  async revokeToken(id: number, options: RequestOptions = {}): Promise<void> {
    await this.transport.send(`/api/user/tokens/${id}`, { method: 'DELETE', signal: options.signal });
  }

  listSshKeys(options: RequestOptions = {}): Promise<SshKey[]> {
    return this.transport.json('/api/user/ssh-keys', options);
  }

  addSshKey(input: { title?: string; key: string }, options: RequestOptions = {}): Promise<SshKey> {
    return this.transport.json('/api/user/ssh-keys', { method: 'POST', json: input, signal: options.signal });
  }

  async removeSshKey(id: number, options: RequestOptions = {}): Promise<void> {
    await this.transport.send(`/api/user/ssh-keys/${id}`, { method: 'DELETE', signal: options.signal });
  }

  // Organisations

  createOrg(input: { name: string; fullname?: string; description?: string }, options: RequestOptions = {}): Promise<OrgInfo> {
    return this.transport.json('/api/organizations', { method: 'POST', json: input, signal: options.signal });
  }

  org(name: string, options: RequestOptions = {}): Promise<OrgInfo> {
    return this.transport.json(`/api/organizations/${encodeURIComponent(name)}`, options);
  }

  orgMembers(name: string, options: RequestOptions = {}): Promise<OrgMember[]> {
    return this.transport.json(`/api/organizations/${encodeURIComponent(name)}/members`, options);
  }

  /** Adds a member or changes their role. */
  async setOrgMember(org: string, user: string, role: OrgRole, options: RequestOptions = {}): Promise<void> {
    await this.transport.send(`/api/organizations/${encodeURIComponent(org)}/members/${encodeURIComponent(user)}`, { method: 'PUT', json: { role }, signal: options.signal });
  }

  async removeOrgMember(org: string, user: string, options: RequestOptions = {}): Promise<void> {
    await this.transport.send(`/api/organizations/${encodeURIComponent(org)}/members/${encodeURIComponent(user)}`, { method: 'DELETE', signal: options.signal });
  }

  // Repositories

  repoInfo(repo: RepoRef, options: RevisionOptions & { type?: RepoType; expand?: string[]; blobs?: boolean } = {}): Promise<RepoInfo> {
    const r = repoId(repo, options.type);
    const path = options.revision ? `${apiBase(r)}/revision/${encodeRevision(options.revision)}` : apiBase(r);
    return this.transport.json(path, { signal: options.signal, query: { expand: options.expand, blobs: options.blobs || undefined } });
  }

  /** Every repository of a type the caller may read (follows `Link`). */
  listRepos(type: RepoType, options: ListReposOptions = {}): AsyncGenerator<RepoInfo> {
    return paginate<RepoInfo>(this.transport, this.listReposUrl(type, options), { signal: options.signal });
  }

  listReposPage(type: RepoType, options: ListReposOptions & { cursorUrl?: string } = {}): Promise<Page<RepoInfo>> {
    return fetchPage<RepoInfo>(this.transport, options.cursorUrl ?? this.listReposUrl(type, options), { signal: options.signal });
  }

  private listReposUrl(type: RepoType, o: ListReposOptions): string {
    return this.transport.url(`/api/${pluralOf(type)}`, {
      search: o.search, author: o.author, filter: o.filter, sort: o.sort, direction: o.direction, limit: o.limit, full: o.full || undefined,
    });
  }

  async createRepo(repo: RepoRef, options: RequestOptions & { type?: RepoType; private?: boolean; visibility?: Visibility; license?: string; description?: string } = {}): Promise<{ url: string; id?: string; name?: string }> {
    const r = repoId(repo, options.type);
    return this.transport.json('/api/repos/create', {
      method: 'POST', signal: options.signal,
      json: { name: r.name, organization: r.namespace, type: r.type, private: options.private, visibility: options.visibility, license: options.license, description: options.description },
    });
  }

  async deleteRepo(repo: RepoRef, options: RequestOptions & { type?: RepoType } = {}): Promise<void> {
    const r = repoId(repo, options.type);
    await this.transport.send('/api/repos/delete', { method: 'DELETE', json: { name: r.name, organization: r.namespace, type: r.type }, signal: options.signal });
  }

  /** The settings, read by those who may change them (repository admins; the hub's extension GET). */
  repoSettings(repo: RepoRef, options: RequestOptions & { type?: RepoType } = {}): Promise<RepoSettings> {
    return this.transport.json(`${apiBase(repoId(repo, options.type))}/settings`, { signal: options.signal });
  }

  /** Visibility, description and protected branches (repository admins). */
  updateRepoSettings(repo: RepoRef, changes: { visibility?: Visibility; description?: string; protectedBranches?: string[] }, options: RequestOptions & { type?: RepoType } = {}): Promise<RepoSettings> {
    return this.transport.json(`${apiBase(repoId(repo, options.type))}/settings`, { method: 'PUT', json: changes, signal: options.signal });
  }

  /** Renames or moves a repository (to another namespace the caller may create in). */
  moveRepo(repo: RepoRef, to: string, options: RequestOptions & { type?: RepoType } = {}): Promise<{ url: string; name: string }> {
    const r = repoId(repo, options.type);
    return this.transport.json('/api/repos/move', { method: 'POST', json: { fromRepo: `${r.namespace}/${r.name}`, toRepo: to, type: r.type }, signal: options.signal });
  }

  // Browsing

  /** Every entry of a directory (or, with `recursive`, the subtree), following `Link`. */
  listTree(repo: RepoRef, options: TreeOptions & { type?: RepoType } = {}): AsyncGenerator<TreeEntry> {
    return paginate<TreeEntry>(this.transport, this.treeUrl(repoId(repo, options.type), options), { signal: options.signal });
  }

  /** One page of a directory; pass the previous page's `next` as `cursorUrl` for the following one. */
  treePage(repo: RepoRef, options: TreeOptions & { type?: RepoType; cursorUrl?: string } = {}): Promise<Page<TreeEntry>> {
    return fetchPage<TreeEntry>(this.transport, options.cursorUrl ?? this.treeUrl(repoId(repo, options.type), options), { signal: options.signal });
  }

  private treeUrl(r: RepoId, o: TreeOptions): string {
    const dir = o.path ? `/${encodePath(o.path)}` : '';
    return this.transport.url(`${apiBase(r)}/tree/${encodeRevision(o.revision ?? 'main')}${dir}`, {
      recursive: o.recursive || undefined, expand: o.expand || undefined, limit: o.limit,
    });
  }

  pathsInfo(repo: RepoRef, paths: string[], options: RevisionOptions & { type?: RepoType; expand?: boolean } = {}): Promise<TreeEntry[]> {
    const r = repoId(repo, options.type);
    return this.transport.json(`${apiBase(r)}/paths-info/${encodeRevision(options.revision ?? 'main')}`, {
      method: 'POST', json: { paths, expand: options.expand ?? false }, signal: options.signal,
    });
  }

  refs(repo: RepoRef, options: RequestOptions & { type?: RepoType; includePrs?: boolean } = {}): Promise<Refs> {
    const r = repoId(repo, options.type);
    return this.transport.json(`${apiBase(r)}/refs`, { signal: options.signal, query: { include_prs: options.includePrs ? 1 : undefined } });
  }

  /** The history from a revision, newest first (follows `Link`). */
  listCommits(repo: RepoRef, options: CommitsOptions & { type?: RepoType } = {}): AsyncGenerator<Commit> {
    return paginate<Commit>(this.transport, this.commitsUrl(repoId(repo, options.type), options), { signal: options.signal });
  }

  /** One page of history with `total` from `X-Total-Count`. */
  commitsPage(repo: RepoRef, options: CommitsOptions & { type?: RepoType; cursorUrl?: string } = {}): Promise<Page<Commit>> {
    return fetchPage<Commit>(this.transport, options.cursorUrl ?? this.commitsUrl(repoId(repo, options.type), options), { signal: options.signal });
  }

  private commitsUrl(r: RepoId, o: CommitsOptions): string {
    return this.transport.url(`${apiBase(r)}/commits/${encodeRevision(o.revision ?? 'main')}`, { limit: o.limit, path: o.path });
  }

  /** Extension: one commit with its changed files and unified diff. */
  commitDetails(repo: RepoRef, commit: string, options: RequestOptions & { type?: RepoType } = {}): Promise<CommitDetails> {
    const r = repoId(repo, options.type);
    return this.transport.json(`${apiBase(r)}/commit/${encodeRevision(commit)}`, { signal: options.signal });
  }

  // Files

  /** Download URL of a file (an LFS file redirects to its storage). */
  resolveUrl(repo: RepoRef, path: string, options: { revision?: string; type?: RepoType } = {}): string {
    const r = repoId(repo, options.type);
    return this.transport.url(`${webBase(r)}/resolve/${encodeRevision(options.revision ?? 'main')}/${encodePath(path)}`);
  }

  /** URL of the git blob (an LFS file's pointer). */
  rawUrl(repo: RepoRef, path: string, options: { revision?: string; type?: RepoType } = {}): string {
    const r = repoId(repo, options.type);
    return this.transport.url(`${webBase(r)}/raw/${encodeRevision(options.revision ?? 'main')}/${encodePath(path)}`);
  }

  /** The file's response (GET, redirects followed); read its body as you need. */
  downloadFile(repo: RepoRef, path: string, options: RevisionOptions & { type?: RepoType; raw?: boolean } = {}): Promise<Response> {
    const url = options.raw ? this.rawUrl(repo, path, options) : this.resolveUrl(repo, path, options);
    return this.transport.send(url, { signal: options.signal });
  }

  async fileText(repo: RepoRef, path: string, options: RevisionOptions & { type?: RepoType } = {}): Promise<string> {
    return (await this.downloadFile(repo, path, options)).text();
  }

  /** HEAD of a file: commit, ETag, size (X-Linked-Size for LFS), content type. */
  async fileMetadata(repo: RepoRef, path: string, options: RevisionOptions & { type?: RepoType } = {}): Promise<FileMetadata> {
    // The metadata of an LFS file is on the hub's redirect itself (Hugging Face's contract), so look
    // at that answer where the platform shows it (browsers hide redirects: then follow it).
    const url = this.resolveUrl(repo, path, options);
    let res = await this.transport.send(url, { method: 'HEAD', signal: options.signal, redirect: 'manual' });
    const redirected = res.status >= 300 && res.status < 400;
    if (res.type === 'opaqueredirect') res = await this.transport.send(url, { method: 'HEAD', signal: options.signal });
    const h = res.headers;
    const size = h.get('x-linked-size') ?? (redirected ? null : h.get('content-length'));
    return {
      commit: h.get('x-repo-commit'),
      etag: (h.get('x-linked-etag') ?? h.get('etag'))?.replace(/^W\//, '').replace(/"/g, '') ?? null,
      size: size === null ? null : Number(size),
      contentType: redirected ? null : h.get('content-type'),
      location: redirected ? new URL(h.get('location') ?? url, url).toString() : res.url || url,
    };
  }

  /**
   * Bytes `start..end` (inclusive) of a file through an HTTP Range request, e.g. a safetensors or GGUF
   * header, without downloading the file. Returns fewer bytes at the end of the file; `total` is its size.
   */
  async readRange(repo: RepoRef, path: string, start: number, end: number, options: RevisionOptions & { type?: RepoType } = {}): Promise<{ bytes: Uint8Array; total: number | null }> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) throw new RangeError(`Invalid byte range ${start}-${end}`);
    const res = await this.transport.send(this.resolveUrl(repo, path, options), { headers: { range: `bytes=${start}-${end}` }, signal: options.signal });
    const buffer = new Uint8Array(await res.arrayBuffer());
    if (res.status === 206) {
      const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
      return { bytes: buffer, total: total ? Number(total) : null };
    }
    // A server that ignores Range sends the whole file: keep the asked slice.
    return { bytes: buffer.slice(start, end + 1), total: buffer.length };
  }

  // Discussions and pull requests (Hugging Face §2.11)

  listDiscussions(repo: RepoRef, options: RequestOptions & { type?: RepoType; page?: number; kind?: 'all' | 'discussion' | 'pull_request'; status?: 'all' | 'open' | 'closed'; author?: string; search?: string } = {}): Promise<DiscussionPage> {
    const r = repoId(repo, options.type);
    return this.transport.json(`${apiBase(r)}/discussions`, {
      signal: options.signal, query: { p: options.page, type: options.kind, status: options.status, author: options.author, search: options.search },
    });
  }

  /** Every discussion, page after page while `start + length < count`. */
  async *discussions(repo: RepoRef, options: Parameters<HubClient['listDiscussions']>[1] = {}): AsyncGenerator<Discussion> {
    for (let page = options.page ?? 0; ; page++) {
      const answer = await this.listDiscussions(repo, { ...options, page });
      yield* answer.discussions;
      if (!answer.discussions.length || answer.start + answer.discussions.length >= answer.count) return;
    }
  }

  discussion(repo: RepoRef, num: number, options: RequestOptions & { type?: RepoType; diff?: boolean } = {}): Promise<DiscussionDetails> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}`, { signal: options.signal, query: { diff: options.diff ? 1 : undefined } });
  }

  createDiscussion(repo: RepoRef, input: { title: string; description?: string; pullRequest?: boolean }, options: RequestOptions & { type?: RepoType } = {}): Promise<{ num: number; [key: string]: unknown }> {
    const r = repoId(repo, options.type);
    return this.transport.json(`${apiBase(r)}/discussions`, { method: 'POST', json: { title: input.title, description: input.description ?? '', pullRequest: input.pullRequest ?? false }, signal: options.signal });
  }

  comment(repo: RepoRef, num: number, comment: string, options: RequestOptions & { type?: RepoType } = {}): Promise<{ newMessage: Record<string, unknown> }> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}/comment`, { method: 'POST', json: { comment }, signal: options.signal });
  }

  editComment(repo: RepoRef, num: number, commentId: string, content: string, options: RequestOptions & { type?: RepoType } = {}): Promise<Record<string, unknown>> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}/comment/${encodeURIComponent(commentId)}/edit`, { method: 'POST', json: { content }, signal: options.signal });
  }

  hideComment(repo: RepoRef, num: number, commentId: string, options: RequestOptions & { type?: RepoType } = {}): Promise<Record<string, unknown>> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}/comment/${encodeURIComponent(commentId)}/hide`, { method: 'PUT', signal: options.signal });
  }

  changeDiscussionStatus(repo: RepoRef, num: number, status: Exclude<DiscussionStatus, 'merged' | 'draft'>, options: RequestOptions & { type?: RepoType; comment?: string } = {}): Promise<{ newStatus: Record<string, unknown> }> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}/status`, { method: 'POST', json: { status, ...(options.comment ? { comment: options.comment } : {}) }, signal: options.signal });
  }

  renameDiscussion(repo: RepoRef, num: number, title: string, options: RequestOptions & { type?: RepoType } = {}): Promise<{ newTitle: Record<string, unknown> }> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}/title`, { method: 'POST', json: { title }, signal: options.signal });
  }

  mergePullRequest(repo: RepoRef, num: number, options: RequestOptions & { type?: RepoType; comment?: string } = {}): Promise<Record<string, unknown>> {
    return this.transport.json(`${this.discussionPath(repo, num, options.type)}/merge`, { method: 'POST', json: options.comment ? { comment: options.comment } : {}, signal: options.signal });
  }

  private discussionPath(repo: RepoRef, num: number, type?: RepoType): string {
    if (!Number.isSafeInteger(num) || num < 0) throw new TypeError(`Invalid discussion number ${num}`);
    return `${apiBase(repoId(repo, type))}/discussions/${num}`;
  }

  // Dataset viewer (§5, under /viewer)

  viewerIsValid(params: Pick<ViewerParams, 'dataset' | 'config' | 'split'>, options: RequestOptions = {}): Promise<ViewerIsValid> {
    return this.viewer('is-valid', params, options);
  }

  viewerSplits(params: Pick<ViewerParams, 'dataset' | 'config'>, options: RequestOptions = {}): Promise<ViewerSplits> {
    return this.viewer('splits', params, options);
  }

  viewerInfo(params: Pick<ViewerParams, 'dataset' | 'config'>, options: RequestOptions = {}): Promise<Record<string, unknown>> {
    return this.viewer('info', params, options);
  }

  viewerSize(params: Pick<ViewerParams, 'dataset' | 'config'>, options: RequestOptions = {}): Promise<Record<string, unknown>> {
    return this.viewer('size', params, options);
  }

  viewerParquet(params: Pick<ViewerParams, 'dataset' | 'config'>, options: RequestOptions = {}): Promise<{ parquet_files: Array<{ dataset: string; config: string; split: string; url: string; filename: string; size: number }>; partial: boolean }> {
    return this.viewer('parquet', params, options);
  }

  viewerStatistics(params: Pick<ViewerParams, 'dataset' | 'config' | 'split'>, options: RequestOptions = {}): Promise<ViewerStatistics> {
    return this.viewer('statistics', params, options);
  }

  viewerFirstRows(params: Pick<ViewerParams, 'dataset' | 'config' | 'split'>, options: ArrowOptions): Promise<Uint8Array>;
  viewerFirstRows(params: Pick<ViewerParams, 'dataset' | 'config' | 'split'>, options?: ViewerOptions): Promise<ViewerFirstRows>;
  viewerFirstRows(params: Pick<ViewerParams, 'dataset' | 'config' | 'split'>, options: ViewerOptions = {}): Promise<ViewerFirstRows | Uint8Array> {
    return this.viewerRowsLike('first-rows', params, options);
  }

  viewerRows(params: ViewerParams, options: ArrowOptions): Promise<Uint8Array>;
  viewerRows(params: ViewerParams, options?: ViewerOptions): Promise<ViewerRows>;
  viewerRows(params: ViewerParams, options: ViewerOptions = {}): Promise<ViewerRows | Uint8Array> {
    return this.viewerRowsLike('rows', params, options);
  }

  viewerSearch(params: ViewerParams & { query: string }, options: ArrowOptions): Promise<Uint8Array>;
  viewerSearch(params: ViewerParams & { query: string }, options?: ViewerOptions): Promise<ViewerRows>;
  viewerSearch(params: ViewerParams & { query: string }, options: ViewerOptions = {}): Promise<ViewerRows | Uint8Array> {
    return this.viewerRowsLike('search', params, options);
  }

  viewerFilter(params: ViewerParams, options: ArrowOptions): Promise<Uint8Array>;
  viewerFilter(params: ViewerParams, options?: ViewerOptions): Promise<ViewerRows>;
  viewerFilter(params: ViewerParams, options: ViewerOptions = {}): Promise<ViewerRows | Uint8Array> {
    return this.viewerRowsLike('filter', params, options);
  }

  /** One read-only SELECT over the splits (tables named after them). */
  viewerSql(input: { dataset: string; config?: string; query: string }, options: ArrowOptions): Promise<Uint8Array>;
  viewerSql(input: { dataset: string; config?: string; query: string }, options?: ViewerOptions): Promise<ViewerSqlResult>;
  async viewerSql(input: { dataset: string; config?: string; query: string }, options: ViewerOptions = {}): Promise<ViewerSqlResult | Uint8Array> {
    const res = await this.transport.send('/viewer/sql', {
      method: 'POST', json: input, signal: options.signal, headers: { accept: options.format === 'arrow' ? ARROW_STREAM : 'application/json' },
    });
    return options.format === 'arrow' ? new Uint8Array(await res.arrayBuffer()) : ((await res.json()) as ViewerSqlResult);
  }

  private viewer<T>(endpoint: string, params: Partial<ViewerParams>, options: RequestOptions): Promise<T> {
    return this.transport.json(`/viewer/${endpoint}`, { signal: options.signal, query: { ...params } });
  }

  private async viewerRowsLike<T>(endpoint: RowsEndpoint | 'first-rows', params: Partial<ViewerParams>, options: ViewerOptions): Promise<T | Uint8Array> {
    const arrow = options.format === 'arrow';
    const res = await this.transport.send(`/viewer/${endpoint}`, { signal: options.signal, query: { ...params }, headers: { accept: arrow ? ARROW_STREAM : 'application/json' } });
    return arrow ? new Uint8Array(await res.arrayBuffer()) : ((await res.json()) as T);
  }

  // Uploads (Hugging Face §2.8)

  preupload(repo: RepoRef, files: Array<{ path: string; content: UploadFile['content'] }>, options: RevisionOptions & { type?: RepoType; createPr?: boolean } = {}): Promise<PreuploadFile[]> {
    return this.uploader.preupload(repoId(repo, options.type), files.map((f) => ({ path: f.path, blob: toBlob(f.content) })), options.revision ?? 'main', options);
  }

  lfsBatch(repo: RepoRef, objects: Array<{ oid: string; size: number }>, options: RevisionOptions & { type?: RepoType; transfers?: string[]; operation?: 'upload' | 'download' } = {}): Promise<LfsBatchResponse> {
    return this.uploader.lfsBatch(repoId(repo, options.type), objects, options);
  }

  /**
   * Uploads files in one commit: preupload, LFS objects straight to storage (basic PUT or multipart
   * parts, with progress), then the NDJSON commit. Pass `session` again after a failure to resume.
   */
  uploadFiles(repo: RepoRef, files: UploadFile[], options: UploadOptions & { type?: RepoType } = {}): Promise<UploadResult> {
    return this.uploader.upload(repoId(repo, options.type), files, options);
  }

  /**
   * A commit of small operations with inline content (no LFS): the NDJSON commit API as is.
   * Use uploadFiles for anything that may be large.
   */
  async createCommit(repo: RepoRef, operations: CommitOperation[], options: RevisionOptions & { type?: RepoType; summary: string; description?: string; parentCommit?: string; createPr?: boolean }): Promise<CommitResult> {
    const lines: Array<{ key: string; value: unknown }> = [{ key: 'header', value: { summary: options.summary, description: options.description ?? '', ...(options.parentCommit ? { parentCommit: options.parentCommit } : {}) } }];
    for (const op of operations) {
      if (op.op === 'addOrUpdate') lines.push({ key: 'file', value: { path: op.path, content: base64(new Uint8Array(await toBlob(op.content).arrayBuffer())), encoding: 'base64' } });
      else if (op.op === 'delete') lines.push({ key: 'deletedFile', value: { path: op.path } });
      else if (op.op === 'deleteFolder') lines.push({ key: 'deletedFolder', value: { path: op.path } });
      else throw new HubError(0, `Unknown operation ${(op as { op: string }).op}`);
    }
    return this.uploader.commit(repoId(repo, options.type), options.revision ?? 'main', lines, options);
  }
}
