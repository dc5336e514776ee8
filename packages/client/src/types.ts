/** Shapes of the hub's JSON answers: Hugging Face's where it defines them, our extensions otherwise. */

export type RepoType = 'model' | 'dataset' | 'space' | 'code';
export type Visibility = 'public' | 'internal' | 'private';

/** `namespace/name`, or an object naming the type too. */
export type RepoRef = string | { type?: RepoType; name: string };

export interface RepoInfo {
  _id: string;
  id: string;
  modelId?: string;
  author?: string;
  sha?: string;
  lastModified?: string;
  createdAt?: string;
  private?: boolean;
  visibility?: Visibility;
  gated?: false;
  disabled?: boolean;
  downloads?: number;
  likes?: number;
  tags?: string[];
  cardData?: Record<string, unknown>;
  description?: string;
  license?: string;
  defaultBranch?: string;
  siblings?: Array<{ rfilename: string; size?: number; blobId?: string; lfs?: LfsInfo }>;
}

export interface LfsInfo {
  oid: string;
  size: number;
  pointerSize?: number;
}

export interface LastCommit {
  id: string;
  title: string;
  date: string;
}

export interface TreeEntry {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  path: string;
  lfs?: LfsInfo;
  lastCommit?: LastCommit;
}

export interface Commit {
  id: string;
  title: string;
  message: string;
  authors: Array<{ user: string; avatar?: string }>;
  date: string;
}

export interface DiffFile {
  path: string;
  oldPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  additions: number | null;
  deletions: number | null;
  binary: boolean;
}

/** Extension: `GET /api/{type}s/{id}/commit/{rev}`. */
export interface CommitDetails extends Commit {
  parents: string[];
  files: DiffFile[];
  patch: string;
  truncated: boolean;
}

export interface GitRef {
  name: string;
  ref: string;
  targetCommit: string;
}

export interface Refs {
  branches: GitRef[];
  tags: GitRef[];
  converts: GitRef[];
  pullRequests?: GitRef[];
}

export interface WhoAmI {
  type: 'user';
  id: string;
  name: string;
  fullname?: string;
  email?: string;
  isAdmin?: boolean;
  orgs?: Array<{ type: 'org'; id?: string; name: string; fullname?: string; roleInOrg?: string }>;
  auth?: Record<string, unknown>;
}

export type TokenScope = 'read' | 'write' | 'admin';
export type OrgRole = 'read' | 'write' | 'admin';

export interface UserInfo {
  type: 'user';
  id: string;
  name: string;
  fullname?: string | null;
  /** Only for the user themself and site admins. */
  email?: string;
  isAdmin?: boolean;
  createdAt?: string | null;
  orgs?: OrgInfo[];
}

/** A browser session: the user and the token cookie-authenticated writes send as `X-CSRF-Token`. */
export interface Session {
  user: UserInfo;
  csrfToken: string | null;
  method?: string;
}

export interface OrgInfo {
  type: 'org';
  id: string;
  name: string;
  fullname?: string | null;
  description?: string | null;
  createdAt?: string | null;
  numMembers?: number;
}

export interface OrgMember {
  type: 'user';
  name: string;
  fullname?: string | null;
  role: OrgRole;
}

export interface AccessToken {
  id: number;
  displayName: string;
  scope: TokenScope;
  role?: TokenScope;
  /** The last characters, e.g. `hf_…a1b2`. */
  hint: string;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface SshKey {
  id: number;
  title: string;
  keyType: string;
  key: string;
  fingerprint: string;
  createdAt: string | null;
  lastUsedAt: string | null;
}

export interface RepoSettings {
  private: boolean;
  visibility: Visibility;
  gated: false;
  description: string;
  protectedBranches: string[];
}

/** Response headers of a file download worth knowing without reading the body. */
export interface FileMetadata {
  commit: string | null;
  etag: string | null;
  size: number | null;
  contentType: string | null;
  /** Where the bytes live (the storage URL an LFS file redirects to, else the resolve URL). */
  location: string;
}

// Discussions (Hugging Face §2.11)

export type DiscussionStatus = 'open' | 'closed' | 'merged' | 'draft';

export interface Discussion {
  num: number;
  title: string;
  status: DiscussionStatus;
  isPullRequest: boolean;
  createdAt: string;
  author: { name: string; [key: string]: unknown };
  repo?: { name: string; type: RepoType };
  numComments?: number;
  pinned?: boolean;
}

export interface DiscussionPage {
  discussions: Discussion[];
  count: number;
  start: number;
  numClosedDiscussions?: number;
}

export interface DiscussionEvent {
  id: string;
  type: 'comment' | 'status-change' | 'commit' | 'title-change' | string;
  createdAt: string;
  author: { name: string; [key: string]: unknown };
  data: Record<string, unknown>;
}

export interface DiscussionDetails extends Discussion {
  events: DiscussionEvent[];
  conflictingFiles?: string[] | boolean;
  filesWithConflicts?: string[] | boolean;
  changes?: { base: string; mergeCommitId?: string };
  diff?: string;
  /** The diff was cut at the hub's limit (1 MB). */
  diffTruncated?: boolean;
  target?: unknown;
}

// Dataset viewer (§5)

export interface ViewerSplit {
  dataset: string;
  config: string;
  split: string;
}

export interface ViewerSplits {
  splits: ViewerSplit[];
  pending: unknown[];
  failed: unknown[];
}

export interface ViewerFeature {
  feature_idx: number;
  name: string;
  type: Record<string, unknown>;
}

export interface ViewerRow {
  row_idx: number;
  row: Record<string, unknown>;
  truncated_cells: string[];
}

export interface ViewerFirstRows {
  dataset: string;
  config: string;
  split: string;
  features: ViewerFeature[];
  rows: ViewerRow[];
  truncated: boolean;
}

export interface ViewerRows {
  features: ViewerFeature[];
  rows: ViewerRow[];
  num_rows_total: number;
  num_rows_per_page: number;
  partial: boolean;
}

export interface ViewerStatistics {
  num_examples: number;
  statistics: Array<{ column_name: string; column_type: string; column_statistics: Record<string, unknown> }>;
  partial: boolean;
}

export interface ViewerIsValid {
  preview: boolean;
  viewer: boolean;
  search: boolean;
  filter: boolean;
  statistics: boolean;
}

export interface ViewerSqlResult {
  features?: ViewerFeature[];
  rows: ViewerRow[] | Array<Record<string, unknown>>;
  [key: string]: unknown;
}

// Uploads (§2.8)

export interface CommitResult {
  success: boolean;
  commitOid: string;
  commitUrl: string;
  hookOutput?: string;
  pullRequestUrl?: string;
}
